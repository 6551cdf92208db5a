namespace Wuyi.Browser.Tests.Infrastructure;

/// <summary>Files a journey uploads: small enough to inline, real enough to pass the evidence content checks.</summary>
public static class TestFiles
{
    /// <summary>A 2×2 PNG (red).</summary>
    public static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4o6QERAwQCgAgdgRBhNis/gAAAABJRU5ErkJggg==");

    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray();
}

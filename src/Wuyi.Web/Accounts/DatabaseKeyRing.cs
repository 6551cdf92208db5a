using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Wuyi.Web.Data;

namespace Wuyi.Web.Accounts;

/// <summary>A data-protection key (the key ring protects cookies and bearer tokens), as stored.</summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; set; }
    public required string FriendlyName { get; set; }
    public required string Xml { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>
/// Keeps the key ring in the database, so that every app node behind the load balancer protects and
/// unprotects with the same keys: a user signed in on one node keeps working on another.
/// </summary>
public sealed class DatabaseKeyRing(IServiceScopeFactory scopes, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAtUtc).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKey
        {
            Id = Guid.CreateVersion7(), FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        });
        db.SaveChanges();
    }
}

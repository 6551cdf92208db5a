using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Publication;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Applications;
using Wuyi.Web.Data;
using Wuyi.Web.Scales;

namespace Wuyi.Bench;

/// <summary>Certifies communities through the domain's own steps (no shortcuts in the rows it leaves).</summary>
public static class Seed
{
    private static readonly Actor City = new("bench-city", "北京市社区防控组", ProgrammeRole.City, "11");

    public static async Task<int> CertifyAsync(IServiceProvider services, int count, DateTimeOffset at)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var filed = await ApprovedAsync(scope.ServiceProvider, db, count, at);
        foreach (var a in filed) a.File(City, null, at);
        var number = (await db.PublicationBatches.MaxAsync(b => (int?)b.Number) ?? 0) + 1;
        var numbering = await Wuyi.Web.Publication.CertificateNumberAllocator.NumberingAsync(db, filed.Select(a => a.CommunityCode),
            Wuyi.Domain.Common.ProgrammeClock.DateOf(at), default);
        var (batch, certifications) = PublicationBatch.Publish(number, null, filed, City, at, numbering);
        db.Applications.AddRange(filed);
        db.PublicationBatches.Add(batch);
        db.Certifications.AddRange(certifications);
        await db.SaveChangesAsync();
        return certifications.Count;
    }

    /// <summary>Applications approved by their district and waiting for the city (filing and publication are left to the caller).</summary>
    public static async Task<IReadOnlyList<Application>> ApproveAsync(IServiceProvider services, int count, DateTimeOffset at)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WuyiDbContext>();
        var approved = await ApprovedAsync(scope.ServiceProvider, db, count, at);
        db.Applications.AddRange(approved);
        await db.SaveChangesAsync();
        return approved;
    }

    private static async Task<List<Application>> ApprovedAsync(IServiceProvider services, WuyiDbContext db, int count, DateTimeOffset at)
    {
        var catalog = services.GetRequiredService<ScaleCatalog>();
        var scale = await catalog.InForceAsync(db, Wuyi.Domain.Common.ProgrammeClock.DateOf(at), default);
        var passMarks = await catalog.PassMarksAsync(db, scale, default);
        var full = scale.Indicators.ToDictionary(i => i.Code, i => i.Points);

        // Spread over the whole city: every n-th community in code order.
        var all = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith("11"))
            .Where(d => !db.Applications.Any(a => a.CommunityCode == d.Code))
            .OrderBy(d => d.Code).Select(d => d.Code).ToListAsync();
        var step = Math.Max(1, all.Count / count);
        var codes = all.Where((_, i) => i % step == 0).Take(count).ToList();

        var approved = new List<Application>(codes.Count);
        var caseNumbers = new CaseNumberAllocator(db);
        foreach (var code in codes)
        {
            var community = new Actor("bench-" + code, code, ProgrammeRole.Community, code);
            var street = new Actor("bench-" + code[..9], code[..9], ProgrammeRole.Street, code[..9]);
            var district = new Actor("bench-" + code[..6], code[..6], ProgrammeRole.District, code[..6]);
            var a = Application.Start(community, code, scale, await caseNumbers.NextAsync(code[..6], at, default), at);
            a.SaveSelfAssessment(community, scale, full, null, at);
            a.Submit(community, scale, at);
            a.Recommend(street, null, at);
            a.SaveEvaluation(district, scale, full, "bench", null, at);
            a.Approve(district, CertificationEngine.Evaluate(new EvaluationInput(scale, passMarks, code, full, [], [], at)), null, at);
            approved.Add(a);
        }
        return approved;
    }
}

using Wuyi.Domain.Supervision;

namespace Wuyi.Web.Inspections;

/// <summary>
/// The risk models shipped with the app (<c>Inspections/RiskModels/*.json</c>, embedded): weights are data, like the scale.
/// A change is a new file with a later effective date; the one in force on a day is the latest whose date has come.
/// </summary>
public sealed class RiskModelCatalog
{
    private readonly IReadOnlyList<RiskModel> _models;

    public RiskModelCatalog()
    {
        var assembly = typeof(RiskModelCatalog).Assembly;
        var models = new List<RiskModel>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Wuyi.Web.Inspections.RiskModels.", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            try
            {
                models.Add(RiskModel.Parse(reader.ReadToEnd()));
            }
            catch (RiskModelException ex)
            {
                throw new InvalidOperationException($"风险模型文件 {name} 无效：{string.Join("；", ex.Faults)}", ex);
            }
        }
        if (models.Count == 0) throw new InvalidOperationException("没有风险模型文件");
        _models = models.OrderBy(m => m.EffectiveFrom).ToList();
    }

    public IReadOnlyList<RiskModel> Models => _models;

    public RiskModel InForce(DateOnly date) => _models.LastOrDefault(m => m.EffectiveFrom <= date) ?? _models[0];
}

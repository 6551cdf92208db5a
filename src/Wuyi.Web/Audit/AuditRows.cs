using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Dynamic;
using Wuyi.Web.Data;

namespace Wuyi.Web.Audit;

/// <summary>An object of the trail as people read it: its name (community, file, account) and the page that shows it.</summary>
public sealed record AuditObject(string Kind, string Label, string? Href);

/// <summary>One field a change touched: its label, its value before and after (null: none).</summary>
public sealed record AuditField(string Label, string? Before, string? After);

/// <summary>One entity a record's request saved: what it is, whether added, changed or deleted, and its fields.</summary>
public sealed record AuditChangeView(string Entity, string State, IReadOnlyList<AuditField> Fields);

/// <summary>A record with its names: the operation, the person, the role and unit, the object, the changes.</summary>
public sealed record AuditRow(AuditRecord Record, string Operation, bool OperationKnown, string? Actor, string? Role, string? Unit,
    AuditObject? Object, IReadOnlyList<AuditChangeView> Changes, string? More);

/// <summary>
/// Reads the stored records out in Chinese for the trail's page and API: people by name (joined to the accounts),
/// objects by the community or file they are about, changes as field: old → new. The records themselves are untouched.
/// </summary>
public static class AuditRows
{
    public static async Task<IReadOnlyList<AuditRow>> DescribeAsync(WuyiDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var ids = records.Where(r => r.ObjectId is not null).Select(r => (Kind: KindOf(r.ObjectType), Id: r.ObjectId!)).ToList();
        var guids = ids.Where(x => x.Kind is not (null or "account")).Select(x => Guid.TryParse(x.Id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var parsed = records.Select(r => Parse(r.Changes)).ToList();
        var userIds = records.Select(r => r.ActorUserId).Concat(ids.Where(x => x.Kind == "account").Select(x => x.Id))
            .Concat(parsed.SelectMany(UserIdsIn)).OfType<string>().Distinct().ToList();

        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName }).ToDictionaryAsync(u => u.Id, ct);
        var communities = new Dictionary<Guid, (string Kind, string Code, string? Extra)>();
        if (guids.Count > 0)
        {
            foreach (var a in await db.Applications.AsNoTracking().Where(a => guids.Contains(a.Id)).Select(a => new { a.Id, a.CommunityCode }).ToListAsync(ct))
                communities[a.Id] = ("application", a.CommunityCode, null);
            foreach (var v in await db.Vetoes.AsNoTracking().Where(v => guids.Contains(v.Id)).Select(v => new { v.Id, v.CommunityCode }).ToListAsync(ct))
                communities[v.Id] = ("veto", v.CommunityCode, null);
            foreach (var t in await db.RectificationTasks.AsNoTracking().Where(t => guids.Contains(t.Id)).Select(t => new { t.Id, t.CommunityCode }).ToListAsync(ct))
                communities[t.Id] = ("rectification", t.CommunityCode, null);
            foreach (var e in await db.ReEvaluations.AsNoTracking().Where(e => guids.Contains(e.Id)).Select(e => new { e.Id, e.CommunityCode }).ToListAsync(ct))
                communities[e.Id] = ("re-evaluation", e.CommunityCode, null);
            foreach (var i in await db.HotlineImports.AsNoTracking().Where(i => guids.Contains(i.Id)).Select(i => new { i.Id, i.FileName, i.AtUtc }).ToListAsync(ct))
                communities[i.Id] = ("import", "", i.FileName ?? $"接口推送（{Infrastructure.Display.Time(i.AtUtc)}）");
        }
        var codes = communities.Values.Select(c => c.Code).Concat(records.Select(r => r.Unit)).OfType<string>().Where(c => c.Length > 0).Distinct().ToList();
        var divisions = await db.Divisions.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);

        string Community(string code) => divisions.GetValueOrDefault(code) ?? code;

        AuditObject? Object(AuditRecord r)
        {
            if (r.ObjectId is not { } id) return null;
            var kind = KindOf(r.ObjectType);
            if (kind == "account")
                return new("账号", users.TryGetValue(id, out var u) ? $"{u.DisplayName}（{u.UserName}）" : "已删除的账号", null);
            if (Guid.TryParse(id, out var g) && communities.TryGetValue(g, out var c))
                return c.Kind switch
                {
                    "application" => new("申报", Community(c.Code), $"/applications/{g}"),
                    "veto" => new("一票否决", Community(c.Code), $"/vetoes/{g}"),
                    "rectification" => new("整改任务", Community(c.Code), $"/rectifications/{g}"),
                    "re-evaluation" => new("重新评定", Community(c.Code), $"/re-evaluations/{g}"),
                    _ => new("12345 导入", c.Extra!, $"/hotline/imports/{g}"),
                };
            // Not found (deleted, or a code such as a division's): its kind in Chinese and the identifier as it was.
            return new(EntityName(r.ObjectType ?? ""), Guid.TryParse(id, out _) ? "（已不存在）" : id, null);
        }

        var names = users.ToDictionary(u => u.Key, u => u.Value.DisplayName);
        return [.. records.Select((r, i) =>
        {
            var op = AuditOperations.Of(r.Action);
            var (changes, more) = Changes(parsed[i], names);
            var actor = r.ActorUserId is { } uid && users.TryGetValue(uid, out var u) ? u.DisplayName : r.ActorName;
            return new AuditRow(r, op?.Name ?? r.Action, op is not null, actor, AuditOperations.RoleName(r.Role),
                r.Unit is { } unit ? divisions.GetValueOrDefault(unit) ?? unit : null, Object(r), changes, more);
        })];
    }

    /// <summary>The kind of object a record's type names: the route's word (applications) or the entity's (Application).</summary>
    private static string? KindOf(string? type) => type?.ToLowerInvariant() switch
    {
        "account" or "accounts" or "user" => "account",
        null => null,
        _ => "entity",
    };

    private sealed record Parsed(JsonObject? Root, string? Unreadable);

    private static Parsed Parse(string? json)
    {
        if (json is null) return new(null, null);
        try
        {
            return JsonNode.Parse(json) is JsonObject o ? new(o, null) : new(null, json);
        }
        catch (JsonException)
        {
            return new(null, json);
        }
    }

    /// <summary>The accounts a change names (操作人, 登记人…), to be shown by name.</summary>
    private static IEnumerable<string?> UserIdsIn(Parsed p) =>
        p.Root?["changes"] is JsonArray list
            ? list.OfType<JsonObject>().SelectMany(c => new[] { c["before"], c["after"] }).OfType<JsonObject>()
                .SelectMany(o => o.Where(kv => IsUserField(kv.Key)).Select(kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null))
            : [];

    private static bool IsUserField(string field) => field.EndsWith("UserId", StringComparison.Ordinal);

    /// <summary>The changes JSON of a record (see <see cref="AuditChanges.ToJson(IReadOnlyList{AuditChanges.Change})"/>) as fields with Chinese labels.</summary>
    public static (IReadOnlyList<AuditChangeView> Changes, string? More) Changes(string? json, IReadOnlyDictionary<string, string>? userNames = null) =>
        Changes(Parse(json), userNames ?? new Dictionary<string, string>());

    private static (IReadOnlyList<AuditChangeView> Changes, string? More) Changes(Parsed parsed, IReadOnlyDictionary<string, string> userNames)
    {
        if (parsed.Unreadable is { } raw) return ([new AuditChangeView("数据", "", [new AuditField("内容", null, raw)])], null);
        if (parsed.Root is not { } root) return ([], null);
        if (root["changes"] is not JsonArray list)
            return ([new AuditChangeView("记录", "", [.. root.Select(kv => new AuditField(FieldLabel(kv.Key), null, Text(kv.Key, kv.Value)))])], null);
        string? Value(string field, JsonNode? node)
        {
            var text = Text(field, node);
            return text is not null && IsUserField(field) ? userNames.GetValueOrDefault(text) ?? "已删除的账号" : text;
        }
        var views = new List<AuditChangeView>();
        foreach (var c in list.OfType<JsonObject>())
        {
            var before = c["before"] as JsonObject;
            var after = c["after"] as JsonObject;
            var names = (before?.Select(kv => kv.Key) ?? []).Concat(after?.Select(kv => kv.Key) ?? []).Distinct()
                .Where(n => IsUserField(n) || !(IsIdentifier(before?[n]) && IsIdentifier(after?[n]))) // the object is named already
                .ToList();
            names = [.. names.Where(n => !(IsUserField(n) && names.Contains(n[..^"UserId".Length] + "Name")))]; // the name says it
            var fields = names.Select(n => new AuditField(FieldLabel(n), before is null ? null : Value(n, before[n]), after is null ? null : Value(n, after[n])))
                .ToList();
            views.Add(new AuditChangeView(EntityName(c["entity"]?.GetValue<string>() ?? ""), StateName(c["state"]?.GetValue<string>()), fields));
        }
        var more = root["more"] is JsonObject m && m.Count > 0
            ? "另有 " + string.Join("、", m.Select(kv => $"{EntityName(kv.Key.Split(' ')[0])}{StateName(kv.Key.Split(' ').ElementAtOrDefault(1))} {kv.Value} 条"))
            : null;
        return (views, more);
    }

    /// <summary>An internal identifier (or nothing): a person cannot read it, and the row names the object already.</summary>
    private static bool IsIdentifier(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && System.Guid.TryParse(s, out _));

    private static string StateName(string? state) => state switch
    {
        "Added" => "新增",
        "Modified" => "修改",
        "Deleted" => "删除",
        _ => state ?? "",
    };

    /// <summary>The entities the trail names, in Chinese; an unknown one keeps its name.</summary>
    public static string EntityName(string entity) => entity switch
    {
        "Application" or "applications" => "申报",
        "evaluation" => "申报",
        "ApplicationTransition" => "申报流转记录",
        "Certification" => "认定",
        "PublicationBatch" => "公布批次",
        "HotlineComplaintRecord" => "12345 诉求",
        "HotlineImport" or "imports" => "12345 导入",
        "Veto" or "vetoes" => "一票否决",
        "RectificationTask" or "rectifications" => "整改任务",
        "ReEvaluation" or "re-evaluations" => "重新评定",
        "ProgrammeEvent" => "动态管理事件",
        "Notice" or "notices" => "通知书",
        "Appeal" or "appeals" => "申诉复核",
        "User" or "account" or "accounts" => "账号",
        "IdentityUserClaim`1" or "IdentityUserClaim" => "账号权限",
        "IdentityUserRole`1" or "IdentityUserRole" => "账号角色",
        "ScaleVersionRecord" or "scales" => "评分表版本",
        "PassMarkChange" or "pass-marks" => "达标线调整",
        "EvidenceFile" => "整改材料",
        "TokenFamily" => "登录令牌",
        "Division" => "行政区划",
        _ => entity,
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Id"] = "编号", ["CommunityCode"] = "社区代码", ["StreetCode"] = "街道代码", ["DistrictCode"] = "区代码",
        ["ScaleVersionId"] = "评分表版本", ["State"] = "状态", ["OpenForCommunity"] = "在办标记", ["Version"] = "版本号",
        ["SelfScores"] = "自评得分", ["SelfNote"] = "自评说明", ["DistrictScores"] = "区级评分", ["DistrictFindings"] = "现场复核意见",
        ["DistrictIndicatorFindings"] = "逐项评定意见",
        ["BatchNumber"] = "公布批次", ["CreatedAtUtc"] = "创建时间", ["UpdatedAtUtc"] = "更新时间", ["SubmittedAtUtc"] = "提交时间",
        ["SuspendedByVetoId"] = "中止它的一票否决", ["ApplicationId"] = "申报", ["Sequence"] = "序号", ["Action"] = "操作",
        ["From"] = "原状态", ["To"] = "新状态", ["ActorUserId"] = "操作人", ["ActorName"] = "操作人", ["ActorRole"] = "操作人角色",
        ["ActorDivisionCode"] = "操作人单位", ["AtUtc"] = "时间", ["Comment"] = "意见", ["Explanation"] = "评分说明",
        ["Kind"] = "类别", ["OccurredAtUtc"] = "发生时间", ["Source"] = "来源", ["Description"] = "情况说明",
        ["DocumentReference"] = "文号", ["ManagementLapse"] = "管理失职", ["RecordedAtUtc"] = "登记时间", ["RecordedByUserId"] = "登记人",
        ["RecordedByName"] = "登记人", ["AnnulledAtUtc"] = "撤销时间", ["AnnulledByUserId"] = "撤销人", ["AnnulmentReason"] = "撤销理由",
        ["ClearedAtUtc"] = "消除时间", ["ClearedByTaskId"] = "消除它的整改任务", ["Reason"] = "原因", ["OpenedAtUtc"] = "开始时间",
        ["Deadline"] = "整改期限", ["Report"] = "整改报告", ["Evidence"] = "整改材料", ["ReportedAtUtc"] = "报告时间",
        ["Returns"] = "退回次数", ["DecisionComment"] = "验收意见", ["ClosedAtUtc"] = "关闭时间", ["VetoesOnly"] = "仅因一票否决",
        ["Cause"] = "起因", ["Detail"] = "详情", ["CertificationId"] = "认定", ["VetoId"] = "一票否决", ["DecidedAtUtc"] = "决定时间",
        ["DecidedByUserId"] = "决定人", ["DecidedByName"] = "决定人", ["OpenKey"] = "在办标记", ["Number"] = "编号",
        ["ReceivedAtUtc"] = "受理时间", ["EpidemicRelated"] = "涉疫", ["ResponseDeadlineUtc"] = "响应时限", ["RespondedAtUtc"] = "响应时间",
        ["FollowUp"] = "回访结果", ["ImportedAtUtc"] = "导入时间", ["ImportId"] = "导入记录", ["FileName"] = "文件名",
        ["Length"] = "大小（字节）", ["UploadedAtUtc"] = "上传时间", ["UploadedByUserId"] = "上传人", ["Title"] = "标题",
        ["PublishedOn"] = "公布日期", ["PublishedAtUtc"] = "公布时间", ["PublishedByUserId"] = "公布人", ["PublishedByName"] = "公布人",
        ["CommunityCount"] = "社区数", ["CertifiedOn"] = "认定日期", ["CertifiedAtUtc"] = "认定时间", ["ActiveForCommunity"] = "有效标记",
        ["RevokedAtUtc"] = "取消时间", ["RevocationReason"] = "取消原因", ["RevokedByVetoId"] = "取消它的一票否决", ["RestoredAtUtc"] = "恢复时间",
        ["DisplayName"] = "姓名", ["UserName"] = "用户名", ["NormalizedUserName"] = "用户名（规范化）", ["Role"] = "角色",
        ["DivisionCode"] = "所属区划", ["MustChangePassword"] = "须修改密码", ["PasswordChangedAtUtc"] = "密码修改时间",
        ["DisabledAtUtc"] = "停用时间", ["PasswordHash"] = "密码", ["SecurityStamp"] = "安全戳", ["ConcurrencyStamp"] = "并发标记",
        ["LockoutEnd"] = "锁定至", ["LockoutEnabled"] = "允许锁定", ["AccessFailedCount"] = "连续失败次数", ["TwoFactorEnabled"] = "两步验证",
        ["LastTotpStep"] = "上次验证码时段", ["ClaimType"] = "权限类型", ["ClaimValue"] = "权限值", ["UserId"] = "账号",
        ["Rows"] = "行数", ["Inserted"] = "新增", ["Updated"] = "更新", ["Unchanged"] = "未变", ["Rejected"] = "拒收",
        ["SkipInvalid"] = "跳过无效行", ["ReEvaluationsQueued"] = "触发重新评定", ["Rejections"] = "拒收明细", ["Sha256"] = "文件指纹",
        ["PassMark"] = "达标线", ["EffectiveFrom"] = "生效日期",
        ["Subject"] = "申诉对象", ["SubjectKey"] = "被申诉事项", ["SubjectLabel"] = "被申诉的决定", ["DecidedOn"] = "决定日期", ["LastDay"] = "申诉期限",
        ["Reasons"] = "申诉理由", ["FiledAtUtc"] = "申诉时间", ["FiledByUserId"] = "申诉人", ["FiledByName"] = "申诉人", ["DecidedByRole"] = "复核人角色",
        ["DecisionReasons"] = "复核意见", ["WaivedByAppealId"] = "申诉成立不再扣分",
        ["SubjectId"] = "事项", ["IssuedOn"] = "落款日期", ["IssuedAtUtc"] = "发出时间", ["IssuedByUserId"] = "签发人", ["IssuedByName"] = "签发人",
        ["Addressee"] = "主送", ["Paragraphs"] = "正文", ["Items"] = "事项清单", ["Issuer"] = "发文机关",
        ["List"] = "导出清单", ["Format"] = "格式", ["Filters"] = "筛选条件",
    };

    public static string FieldLabel(string name) => Labels.GetValueOrDefault(name) ?? name;

    /// <summary>A value as people read it: states by their Chinese names, instants in Beijing time, yes/no, numbers as numbers.</summary>
    private static string? Text(string field, JsonNode? value)
    {
        if (value is null) return null;
        if (value is JsonValue v)
        {
            if (v.TryGetValue<bool>(out var b)) return b ? "是" : "否";
            if (v.TryGetValue<string>(out var s))
            {
                if (field is "State" or "From" or "To")
                {
                    if (Enum.TryParse<ApplicationState>(s, out var a) && Enum.IsDefined(a)) return ApplicationStates.Name(a);
                    if (Enum.TryParse<RectificationState>(s, out var t) && Enum.IsDefined(t)) return RectificationTask.Name(t);
                }
                if (field == "Role" && Enum.TryParse<ProgrammeRole>(s, out var role) && Enum.IsDefined(role)) return Actor.RoleName(role);
                if (s.Length >= 19 && s[4] == '-' && s[10] == 'T' && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
                    return Infrastructure.Display.Time(at);
                return s;
            }
            return v.ToJsonString();
        }
        if (value is JsonObject o) return string.Join("，", o.Select(kv => $"{kv.Key}：{Text(kv.Key, kv.Value) ?? "空"}"));
        if (value is JsonArray arr) return string.Join("，", arr.Select(x => Text(field, x) ?? "空"));
        return value.ToJsonString();
    }
}

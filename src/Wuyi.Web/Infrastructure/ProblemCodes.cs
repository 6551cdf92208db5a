namespace Wuyi.Web.Infrastructure;

/// <summary>
/// What each stable problem code means, in Chinese (原因): the one table that names a refusal's reason where the refusal's
/// own message is no longer at hand — the audit trail keeps only the code. A refusal's message says more (which indicator,
/// which account); this says what kind of refusal it was. A code missing here is shown as it is.
/// </summary>
public static class ProblemCodes
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        // The round (申报评定)
        ["illegal-transition"] = "当前状态不允许此步骤",
        // Appeals (申诉复核, decision 0018)
        ["appeal-not-appealable"] = "该事项不计入扣分、未被否决或未评定不通过，无需申诉",
        ["appeal-open"] = "该事项已有一份待复核的申诉",
        ["appeal-period-over"] = "已超过申诉期限",
        ["appeal-evidence-limit"] = "申诉材料文件数量超过上限",
        ["appeal-wrong-level"] = "该申诉应由上一级复核",
        ["appeal-party"] = "参与了被申诉决定的人员不能复核该申诉（职责分离）",
        ["appeal-subject-invalid"] = "申诉对象无效",
        ["wrong-role"] = "该角色不能办理此步骤",
        ["out-of-scope"] = "不在本账号的管辖范围内",
        ["separation-of-duties"] = "同一账号不得在同一申报中办理多个环节（职责分离）",
        ["not-programme-account"] = "管理员账号不参与创建活动业务",
        ["stale"] = "内容已被他人更新，操作时看到的不是最新内容",
        ["conflict"] = "与他人同时进行的操作冲突",
        ["reason-required"] = "未填写理由",
        ["text-too-long"] = "文字超过长度限制",
        ["not-editable"] = "当前状态不能修改自评",
        ["scores-invalid"] = "评分有误（超出分值或不是有效分数）",
        ["evaluation-incomplete"] = "区级评分尚未完成",
        ["finding-required"] = "区级评分低于社区自评的指标未填写评定意见",
        ["verdict-fails"] = "按评分规则未达标，不能评定通过",
        ["explanation-mismatch"] = "评定依据与区级评分不一致",
        ["scale-mismatch"] = "量表版本与申报不一致",
        ["open-application-exists"] = "已有一份进行中的申报",
        ["already-certified"] = "已被认定为无疫社区（村），无需重复申报",
        ["earlier-still-open"] = "上次申报仍在办理中",
        ["not-a-fresh-draft"] = "不是尚未自评的新申报",
        ["nothing-selected"] = "未选择任何一项",
        ["case-sequence-invalid"] = "办件编号序号无效",
        ["community-code-invalid"] = "社区（村）代码无效",
        ["district-code-invalid"] = "区代码无效",
        ["province-code-invalid"] = "省级区划代码无效",
        ["community-not-found"] = "找不到该社区（村）",
        ["format-invalid"] = "文件格式须为 xlsx 或 csv",
        // Publication (备案、公布)
        ["batch-empty"] = "没有可公布的已备案申报",
        ["batch-duplicate"] = "同一社区（村）在一批中出现多次",
        ["batch-number-invalid"] = "批次号无效",
        ["certificate-sequence-invalid"] = "证书编号序号无效",
        ["certificate-not-found"] = "证书编号不存在",
        // Notifications (提醒)
        ["too-many-ids"] = "一次标记的提醒过多",
        // Open data (开放数据)
        ["dataset-date-invalid"] = "快照日期格式无效",
        ["snapshot-not-found"] = "没有该日的名单快照",
        ["snapshot-missing"] = "该日名单快照缺失",
        // Dynamic management (动态管理)
        ["title-revoked"] = "没有有效的认定（已被取消）",
        ["title-active"] = "认定未被取消，无需恢复",
        ["veto-live"] = "有尚未整改验收的一票否决事项，不能申报",
        ["veto-still-live"] = "仍有未撤销、未整改的一票否决事项，不能恢复",
        ["veto-annulled"] = "该一票否决已被撤销",
        ["veto-kind-invalid"] = "否决事项类型无法识别",
        ["not-a-veto"] = "不属于一票否决事项",
        ["rectification-pending"] = "有尚未验收的整改任务",
        ["deadline-past"] = "期限早于今天",
        ["date-out-of-range"] = "日期超出允许范围",
        ["occurred-in-future"] = "发生时间晚于当前时间",
        ["decision-required"] = "未选择重新评定结论",
        ["decision-invalid"] = "该事由不能作出所选结论",
        ["notice-not-found"] = "通知书编号不存在或不在管辖范围内",
        // Inspections (督导检查)
        ["inspector-invalid"] = "检查人员不能检查该社区（村）",
        ["planned-in-past"] = "计划检查日期早于今天",
        ["not-the-inspector"] = "只有被指派的检查人员可以填写检查记录",
        ["inspection-submitted"] = "检查记录已提交，不能修改",
        ["inspection-incomplete"] = "检查记录不完整",
        ["inspected-in-future"] = "检查时间晚于当前时间",
        ["coordinates-invalid"] = "坐标无效",
        ["too-many-checkpoints"] = "卡口数量超过上限",
        ["indicator-unknown"] = "量表中没有该指标",
        ["indicator-twice"] = "同一指标填写了两次",
        ["outcome-invalid"] = "检查处理结果无效",
        ["nothing-failed"] = "检查未发现问题，无需整改",
        ["no-failed-checkpoint"] = "检查未发现卡口问题，不能发出市级检查通报",
        ["inspection-photo-invalid"] = "检查照片类型或内容无效",
        ["too-many-photos"] = "检查照片数量超过上限",
        // Scales and pass marks (量表、达标线)
        ["scale-invalid"] = "量表内容有误",
        ["scale-exists"] = "该量表版本已存在",
        ["scale-effective-past"] = "生效日期早于今天",
        ["pass-mark-invalid"] = "达标线无效",
        ["pass-mark-duplicate-date"] = "同一生效日期已有达标线",
        // Files (12345 导入、佐证文件、账号导入)
        ["hotline-file-invalid"] = "12345 文件无法读取或格式不符",
        ["hotline-file-too-large"] = "12345 文件过大",
        ["hotline-rows-invalid"] = "12345 文件中有错误行",
        ["hotline-empty"] = "12345 文件中没有数据",
        ["evidence-file-invalid"] = "佐证文件类型或内容无效",
        ["evidence-file-too-large"] = "佐证文件过大",
        ["account-file-invalid"] = "账号文件无法读取或格式不符",
        ["account-file-too-large"] = "账号文件过大",
        ["account-rows-invalid"] = "账号文件中有错误行",
        ["account-role-invalid"] = "账号角色无效",
        ["account-import-conflict"] = "导入期间用户名被其他操作占用",
        ["accounts-not-disabled"] = "所选账号中有无法停用的，未停用任何账号",
        ["duty-roster-file-invalid"] = "值守排班表无法读取或格式不符",
        ["duty-roster-file-too-large"] = "值守排班表过大",
        ["duty-roster-rows-invalid"] = "值守排班表中有错误行",
        ["duty-roster-period-invalid"] = "排班覆盖的查询期间无效",
        // Residents' reports (群众监督)
        ["kind-invalid"] = "未选择或无法识别反映的问题类型",
        ["report-text-too-short"] = "反映内容过短",
        ["contact-invalid"] = "联系电话格式不正确",
        ["consent-required"] = "未勾选同意",
        ["report-photo-invalid"] = "照片类型或内容无效",
        ["too-many-reports"] = "反映过于频繁",
        ["community-report-cap"] = "该社区（村）今日反映已达上限",
        ["receipt-not-found"] = "回执号不存在",
        // Accounts and sign-in (账号、登录)
        ["password-rejected"] = "密码不符合要求",
        ["password-change-required"] = "须先修改密码",
        ["wrong-password"] = "密码错误",
        ["unknown-user"] = "用户名不存在",
        ["invalid-credentials"] = "用户名或密码错误",
        ["locked-out"] = "账号已锁定",
        ["not-allowed"] = "账号已停用，不能登录",
        ["account-disabled"] = "账号已停用",
        ["two-factor-required"] = "须完成双因素验证",
        ["two-factor-enrolment-required"] = "须先启用双因素认证",
        ["sign-in-delayed"] = "登录失败次数过多，须等待后再试",
        ["too-many-sign-ins"] = "登录尝试过于频繁",
        ["too-many-downloads"] = "下载过于频繁",
        ["refresh-token-reused"] = "刷新令牌被重复使用，该登录已全部失效",
        // Requests (请求)
        ["export-format-invalid"] = "不支持的导出格式",
        ["antiforgery-token-invalid"] = "表单已失效（防伪令牌无效），请刷新页面后重试",
        ["body-invalid"] = "请求内容无法解析",
        ["unsupported-media-type"] = "不支持的内容类型",
        ["database-unavailable"] = "数据库暂时无法连接",
    };

    /// <summary>The code's meaning in Chinese, or null for a code this table does not know.</summary>
    public static string? Meaning(string? code) => code is not null && Meanings.TryGetValue(code, out var meaning) ? meaning : null;

    /// <summary>Every code this table knows.</summary>
    public static IEnumerable<string> Known => Meanings.Keys;
}

using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Wuyi.Web.Infrastructure;

/// <summary>Form binding errors in Chinese, shown beside the field.</summary>
public static class ModelBindingMessages
{
    public static void UseChinese(DefaultModelBindingMessageProvider p)
    {
        p.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}”不是有效的数值");
        p.SetValueIsInvalidAccessor(value => $"“{value}”无效");
        p.SetValueMustBeANumberAccessor(field => "请输入数字");
        p.SetMissingBindRequiredValueAccessor(field => "此项必填");
        p.SetMissingKeyOrValueAccessor(() => "此项必填");
        p.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空");
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”无效");
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => "输入无效");
        p.SetNonPropertyValueMustBeANumberAccessor(() => "请输入数字");
        p.SetUnknownValueIsInvalidAccessor(field => "输入无效");
        p.SetValueMustNotBeNullAccessor(field => "此项必填");
    }
}

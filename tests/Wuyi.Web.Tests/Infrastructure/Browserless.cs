using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Wuyi.Web.Tests.Infrastructure;

/// <summary>A cookie-keeping client that signs in through the login form and posts forms as a browser would.</summary>
public sealed class Browserless(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static async Task<Browserless> SignInAsync(WuyiApp app, string userName, string password = Wuyi.Web.Accounts.DemoAccounts.Password)
    {
        var b = Anonymous(app);
        var (status, doc) = await b.SubmitAsync("/account/login", "form", new() { ["UserName"] = userName, ["Password"] = password });
        if (status != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {userName} failed: {status} {doc.QuerySelector(".alert")?.TextContent}");
        return b;
    }

    /// <summary>
    /// Signs in through the login form by hand, cookies not kept by any client, and returns the Cookie header a
    /// browser would send next: a session to copy to another client or another node.
    /// </summary>
    public static async Task<string> SignInCookieAsync(WuyiApp app, string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = WuyiApp.BaseAddress });
        using var form = await client.GetAsync("/account/login");
        var antiforgeryCookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var html = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeEmpty();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName, ["Password"] = Wuyi.Web.Accounts.DemoAccounts.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(System.Net.HttpStatusCode.Redirect);
        return string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    public static Browserless Anonymous(WuyiApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = WuyiApp.BaseAddress }));

    public async Task<(System.Net.HttpStatusCode Status, IDocument Document)> GetAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>Loads the page, fills the form that matches <paramref name="formSelector"/> and submits it with the given button.</summary>
    public Task<(System.Net.HttpStatusCode Status, IDocument Document)> SubmitAsync(string url, string formSelector, Dictionary<string, string> fields, string? submitHandler = null) =>
        SubmitListAsync(url, formSelector, fields.ToList(), submitHandler);

    /// <summary>As <see cref="SubmitAsync"/>, with fields that may repeat (several ticked boxes of one name).</summary>
    public async Task<(System.Net.HttpStatusCode Status, IDocument Document)> SubmitListAsync(string url, string formSelector, IReadOnlyList<KeyValuePair<string, string>> list,
        string? submitHandler = null)
    {
        var fields = list.Select(f => f.Key).ToHashSet();
        var (_, page) = await GetAsync(url);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"no form {formSelector} on {url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null && i.Type is "hidden" or "text" or "number" or "password" or "search"))
            if (!fields.Contains(input.Name!)) values.Add(new(input.Name!, input.Value));
        // As a browser sends them: text areas, and the boxes already ticked.
        foreach (var area in form.Elements.OfType<IHtmlTextAreaElement>().Where(t => t.Name is not null && !fields.Contains(t.Name)))
            values.Add(new(area.Name!, area.Value));
        foreach (var box in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null && i.Type == "checkbox" && i.IsChecked && !fields.Contains(i.Name!)))
            values.Add(new(box.Name!, box.Value));
        values.AddRange(list);
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : url;
        if (submitHandler is not null) action += (action.Contains('?') ? "&" : "?") + "handler=" + submitHandler;
        using var response = await Client.PostAsync(action, new FormUrlEncodedContent(values));
        return (response.StatusCode, await ParseAsync(response));
    }

    /// <summary>
    /// Submits a decision's form and confirms it (StepPageModel.ConfirmedStepAsync): the first post must answer with the
    /// confirmation step, whose form is then posted as a browser without JavaScript would. Returns the confirmation page too.
    /// </summary>
    public async Task<(System.Net.HttpStatusCode Status, IDocument Document, IDocument Confirmation)> SubmitConfirmedAsync(string url, string formSelector,
        Dictionary<string, string> fields, string? submitHandler = null)
    {
        var (status, confirmation) = await SubmitAsync(url, formSelector, fields, submitHandler);
        status.ShouldBe(System.Net.HttpStatusCode.OK, confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        var (confirmed, page) = await ConfirmAsync(confirmation);
        return (confirmed, page, confirmation);
    }

    /// <summary>Posts the confirmation form of a page that asks to confirm a decision.</summary>
    public async Task<(System.Net.HttpStatusCode Status, IDocument Document)> ConfirmAsync(IDocument confirmation)
    {
        var form = confirmation.QuerySelector("[data-testid=confirm-step] form[data-testid=confirm-form]") as IHtmlFormElement
            ?? throw new InvalidOperationException("no confirmation step on the page: " + confirmation.QuerySelector("[data-testid=errors]")?.TextContent);
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null && i.Type == "hidden")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        using var response = await Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
        return (response.StatusCode, await ParseAsync(response));
    }

    private static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
    }
}

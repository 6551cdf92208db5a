using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wuyi.Domain.Appeals;
using Wuyi.Domain.Applications;
using Wuyi.Domain.Divisions;
using Wuyi.Domain.Dynamic;
using Wuyi.Domain.Rules;
using Wuyi.Domain.Scales;
using Wuyi.Web.Accounts;
using Wuyi.Web.Tests.Infrastructure;
using static Wuyi.Web.Tests.Infrastructure.Api;

namespace Wuyi.Web.Tests.Security;

/// <summary>
/// Deny by default, proven route by route: every endpoint of the running app (API routes with their methods,
/// every Razor page handler, GET and POST) is called by every role × scope around one community X, whose
/// application, veto, rectification task, re-evaluation and hotline import fill the route parameters.
/// The table below says who may succeed on each; everyone else must be refused — anonymous with 401 (API) or a
/// redirect to sign-in (pages), an object outside the caller's subtree with 404 (docs/decisions/0003), a role
/// that may not act with 403/404 (or the denied page). A route missing from the table fails with its name.
/// Calls that would change state are made as they would succeed only by those who must be refused, so only a hole
/// could change the fixture (and then the test fails anyway). Those allowed to change something are called at a
/// version nobody saw, which must get past sign-in, role and scope and stop at the version check (409 / the form
/// again); allowed changes that take no version (start, file, publish, record a veto…) are left to the feature suites.
/// </summary>
public abstract partial class AuthorizationMatrixTests(WuyiApp app)
{
    /// <summary>Who calls: each role inside and outside X's subtree, and nobody.</summary>
    [Flags]
    public enum Who
    {
        CommunityX = 1,
        SiblingCommunity = 2, // another community of X's street
        StreetX = 4,
        OtherStreet = 8,      // another street of X's district
        DistrictX = 16,
        OtherDistrict = 32,
        City = 64,
        Anonymous = 128,
    }

    private const Who Signed = Who.CommunityX | Who.SiblingCommunity | Who.StreetX | Who.OtherStreet | Who.DistrictX | Who.OtherDistrict | Who.City;
    private const Who Everyone = Signed | Who.Anonymous;
    private const Who OverX = Who.CommunityX | Who.StreetX | Who.DistrictX | Who.City;
    private const Who Streets = Who.StreetX | Who.OtherStreet;
    private const Who Districts = Who.DistrictX | Who.OtherDistrict;
    private const Who DistrictXOrCity = Who.DistrictX | Who.City;
    private const Who Communities = Who.CommunityX | Who.SiblingCommunity;
    private const Who Nobody = 0;

    /// <summary>
    /// Who may succeed on a route. <paramref name="BodyScoped"/>: the body names X's objects, so a caller of an allowed
    /// role outside X's subtree must be refused like one asking for X in the path. <paramref name="OutOfScope"/>: the
    /// statuses that refusal may have (404 unless the route says otherwise). <paramref name="Safe"/>: a POST that
    /// changes nothing, run for the allowed callers too.
    /// </summary>
    public sealed record Row(Who May, bool BodyScoped = false, int[]? OutOfScope = null, bool Safe = false);

    /// <summary>The expected outcome of every route × method (pages: × handler). One row each.</summary>
    private static readonly Dictionary<string, Row> Table = new()
    {
        // Infrastructure and sign-in: anonymous by design.
        ["GET /healthz"] = new(Everyone),
        ["GET /livez"] = new(Everyone),
        ["GET /openapi/{documentName}.json"] = new(Everyone),
        ["POST /api/v1/auth/token"] = new(Everyone, Safe: true),
        ["POST /api/v1/auth/refresh"] = new(Everyone, Safe: true),
        ["GET /api/v1/me"] = new(Signed),

        // The public API.
        ["GET /api/v1/public/summary"] = new(Everyone),
        ["GET /api/v1/public/certified"] = new(Everyone),
        ["GET /api/v1/public/communities"] = new(Everyone),
        ["GET /api/v1/public/communities/{code}"] = new(Everyone),
        ["GET /api/v1/public/batches"] = new(Everyone),
        ["GET /api/v1/public/batches/{number:int}"] = new(Everyone),
        ["GET /api/v1/public/certified/export"] = new(Everyone), // the certified list as a file: anyone
        ["GET /api/v1/public/batches/{number:int}/export"] = new(Everyone),
        ["GET /api/v1/public/batches/{number:int}/notice"] = new(Everyone), // 公布通知 (PDF): as public as the list it publishes
        ["GET /api/v1/public/adjustments"] = new(Everyone),
        ["GET /api/v1/public/communities/{code}/story"] = new(Everyone),
        ["GET /api/v1/public/scale"] = new(Everyone),
        ["GET /api/v1/public/certificates/{number}"] = new(Everyone), // 证书核验: anyone, X's revoked certificate included
        ["GET /api/v1/public/datasets/certified"] = new(Everyone), // 开放数据: the list as it stands, as a dataset
        ["GET /api/v1/public/datasets/certified/snapshots"] = new(Everyone),
        ["GET /api/v1/public/datasets/certified/{date}"] = new(Everyone), // a day's snapshot

        // The round.
        ["GET /api/v1/applications"] = new(Signed),
        ["GET /api/v1/applications/export"] = new(Signed), // the list as a file, scoped like the list
        ["GET /api/v1/applications/{id:guid}"] = new(OverX),
        ["POST /api/v1/applications"] = new(Who.CommunityX, BodyScoped: true),
        ["PUT /api/v1/applications/{id:guid}/self-assessment"] = new(Who.CommunityX),
        ["POST /api/v1/applications/{id:guid}/submit"] = new(Who.CommunityX),
        ["POST /api/v1/applications/{id:guid}/withdraw"] = new(Who.CommunityX),
        ["POST /api/v1/applications/{id:guid}/recommend"] = new(Who.StreetX),
        ["POST /api/v1/applications/{id:guid}/return"] = new(Who.StreetX | Who.DistrictX),
        ["PUT /api/v1/applications/{id:guid}/evaluation"] = new(Who.DistrictX),
        ["POST /api/v1/applications/{id:guid}/approve"] = new(Who.DistrictX),
        ["POST /api/v1/applications/{id:guid}/reject"] = new(Who.DistrictX),
        ["POST /api/v1/applications/{id:guid}/preview"] = new(OverX, Safe: true),
        ["POST /api/v1/applications/{id:guid}/file"] = new(Who.City),
        ["POST /api/v1/filings"] = new(Who.City, BodyScoped: true),
        ["POST /api/v1/batches"] = new(Who.City, BodyScoped: true),

        // Dynamic management.
        ["GET /api/v1/vetoes"] = new(Signed),
        ["GET /api/v1/vetoes/export"] = new(Signed),
        ["GET /api/v1/vetoes/{id:guid}"] = new(OverX),
        ["POST /api/v1/vetoes"] = new(DistrictXOrCity, BodyScoped: true),
        ["POST /api/v1/vetoes/{id:guid}/annul"] = new(Who.City),
        ["GET /api/v1/appeals"] = new(Signed), // 申诉复核: lists scoped like every list
        ["GET /api/v1/appeals/export"] = new(Signed),
        ["GET /api/v1/appeals/{id:guid}"] = new(OverX),
        ["POST /api/v1/appeals"] = new(Who.CommunityX, BodyScoped: true), // only the community, against its own decision
        ["POST /api/v1/appeals/{id:guid}/evidence"] = new(Who.CommunityX), // 申诉材料: only the appealing community
        ["POST /api/v1/appeals/{id:guid}/decide"] = new(DistrictXOrCity), // the domain then asks for the right level and no part in the decision
        ["GET /api/v1/rectifications"] = new(Signed),
        ["GET /api/v1/rectifications/export"] = new(Signed),
        ["GET /api/v1/rectifications/{id:guid}"] = new(OverX),
        ["POST /api/v1/rectifications/{id:guid}/report"] = new(Who.CommunityX),
        ["POST /api/v1/rectifications/{id:guid}/accept"] = new(DistrictXOrCity),
        ["POST /api/v1/rectifications/{id:guid}/return"] = new(DistrictXOrCity),
        ["GET /api/v1/re-evaluations"] = new(Signed),
        ["GET /api/v1/re-evaluations/export"] = new(Signed),
        ["GET /api/v1/re-evaluations/{id:guid}"] = new(OverX),
        ["POST /api/v1/re-evaluations/{id:guid}/decide"] = new(DistrictXOrCity),
        ["GET /api/v1/pass-marks"] = new(Signed),
        ["POST /api/v1/pass-marks"] = new(Who.City),
        ["GET /api/v1/scales"] = new(Signed),
        ["POST /api/v1/scales"] = new(Who.City),
        ["GET /api/v1/communities/{code}/story"] = new(OverX),
        ["GET /api/v1/communities/{code}/notices"] = new(OverX),
        ["GET /api/v1/notices/{number}"] = new(OverX), // 通知书: the community and the officials over it
        ["GET /api/v1/notices/{number}/pdf"] = new(OverX),
        ["GET /api/v1/certificates/{number}/pdf"] = new(OverX), // 认定证书/牌匾 PDF, as the print view

        // 12345 hotline: a district importing rows of another district's community gets those rows refused (400).
        ["POST /api/v1/hotline/imports"] = new(DistrictXOrCity, BodyScoped: true, OutOfScope: [400]),
        ["POST /api/v1/hotline/complaints"] = new(DistrictXOrCity, BodyScoped: true, OutOfScope: [400]),
        ["GET /api/v1/hotline/imports"] = new(Streets | Districts | Who.City),
        ["GET /api/v1/rectifications/{id:guid}/evidence"] = new(OverX),
        ["POST /api/v1/rectifications/{id:guid}/evidence"] = new(Who.CommunityX),
        ["GET /api/v1/evidence/{id:guid}"] = new(OverX),
        // An import belongs to its importer: the streets under the importing district read it.
        ["GET /api/v1/hotline/imports/{id:guid}"] = new(Streets | Who.DistrictX | Who.City),
        ["GET /api/v1/hotline/imports/{id:guid}/export"] = new(Streets | Who.DistrictX | Who.City),
        ["GET /api/v1/hotline/complaints"] = new(Signed),
        ["GET /api/v1/hotline/complaints/export"] = new(Signed),
        ["GET /api/v1/hotline/appraisal"] = new(Streets | Districts | Who.City),
        ["GET /api/v1/hotline/appraisal/export"] = new(Streets | Districts | Who.City),
        // 值守排班 (issue 14): the community uploads its own; it and the levels over it read it; a list of one's own subtree for everyone.
        ["POST /api/v1/communities/{code}/duty-roster"] = new(Who.CommunityX),
        ["GET /api/v1/communities/{code}/duty-roster"] = new(OverX),
        ["GET /api/v1/communities/{code}/duty-roster/export"] = new(OverX),
        ["GET /api/v1/communities/{code}/duty-roster/coverage/export"] = new(OverX),
        ["GET /api/v1/duty-roster"] = new(Signed),
        ["GET /api/v1/duty-roster/export"] = new(Signed),

        // 督导检查: the district and the city plan, inspect and decide in their subtree; X's inspection is its district's and the city's.
        ["GET /api/v1/inspections/risk"] = new(Districts | Who.City),
        ["GET /api/v1/inspections/risk/export"] = new(Districts | Who.City),
        ["GET /api/v1/inspections/inspectors"] = new(Districts | Who.City),
        ["GET /api/v1/inspections"] = new(Districts | Who.City),
        ["GET /api/v1/inspections/export"] = new(Districts | Who.City),
        ["POST /api/v1/inspections"] = new(DistrictXOrCity, BodyScoped: true),
        ["GET /api/v1/inspections/{id:guid}"] = new(DistrictXOrCity),
        ["PUT /api/v1/inspections/{id:guid}"] = new(DistrictXOrCity), // the domain then lets only the assigned inspector fill it
        ["POST /api/v1/inspections/{id:guid}/submit"] = new(DistrictXOrCity),
        ["POST /api/v1/inspections/{id:guid}/photos"] = new(DistrictXOrCity),
        ["POST /api/v1/inspections/{id:guid}/decide"] = new(DistrictXOrCity), // 市级检查通报: the city only (InspectionTests)
        ["GET /api/v1/inspection-photos/{id:guid}"] = new(DistrictXOrCity),
        ["GET /inspections"] = new(Districts | Who.City),
        ["GET /inspections?handler=xlsx"] = new(Districts | Who.City),
        ["GET /inspections?handler=csv"] = new(Districts | Who.City),
        ["POST /inspections"] = new(Districts | Who.City),
        ["POST /inspections?handler=plan"] = new(DistrictXOrCity, BodyScoped: true),
        ["GET /inspections/list"] = new(Districts | Who.City),
        ["GET /inspections/list?handler=xlsx"] = new(Districts | Who.City),
        ["GET /inspections/list?handler=csv"] = new(Districts | Who.City),
        ["POST /inspections/list"] = new(Districts | Who.City),
        ["GET /inspections/{id:guid}"] = new(DistrictXOrCity),
        ["POST /inspections/{id:guid}"] = new(DistrictXOrCity),
        ["POST /inspections/{id:guid}?handler=decide"] = new(DistrictXOrCity),
        ["GET /inspections/{id:guid}/form"] = new(DistrictXOrCity), // the assigned inspector's form; anyone else over X is sent to the inspection
        ["POST /inspections/{id:guid}/form"] = new(DistrictXOrCity),
        ["POST /inspections/{id:guid}/form?handler=addcheckpoint"] = new(DistrictXOrCity, Safe: true), // one more row, saves nothing
        ["POST /inspections/{id:guid}/form?handler=save"] = new(DistrictXOrCity),
        ["POST /inspections/{id:guid}/form?handler=submit"] = new(DistrictXOrCity),

        // 统计分析: each official its own subtree (no parameter: the caller's node).
        ["GET /api/v1/dashboards"] = new(Streets | Districts | Who.City),
        ["GET /api/v1/dashboards/tables/{name}"] = new(Streets | Districts | Who.City),

        // Pages: the public site, sign-in and errors.
        ["GET /"] = new(Everyone),
        ["POST /"] = new(Everyone),
        ["GET /public"] = new(Everyone),
        ["POST /public"] = new(Everyone),
        ["GET /public/batches"] = new(Everyone),
        ["POST /public/batches"] = new(Everyone),
        ["GET /public/batches/{number:int}"] = new(Everyone),
        ["POST /public/batches/{number:int}"] = new(Everyone),
        ["GET /public/search"] = new(Everyone),
        ["POST /public/search"] = new(Everyone),
        ["GET /public/statistics"] = new(Everyone),
        ["GET /public/statistics?handler=table"] = new(Everyone),
        ["POST /public/statistics"] = new(Everyone),
        ["GET /public/communities/{code}"] = new(Everyone),
        ["POST /public/communities/{code}"] = new(Everyone),
        ["GET /public/communities/{code}/badge.svg"] = new(Everyone), // the status badge, embedded anywhere
        ["GET /public/data"] = new(Everyone),
        ["POST /public/data"] = new(Everyone),
        ["GET /public/verify/{number}"] = new(Everyone),
        ["POST /public/verify/{number}"] = new(Everyone),
        ["GET /public/verify"] = new(Everyone),
        ["POST /public/verify"] = new(Everyone),
        ["GET /public/adjustments"] = new(Everyone),
        ["POST /public/adjustments"] = new(Everyone),
        ["GET /public/responsibilities"] = new(Everyone),
        ["POST /public/responsibilities"] = new(Everyone),
        ["GET /account/login"] = new(Everyone),
        ["POST /account/login"] = new(Everyone),
        ["GET /account/denied"] = new(Everyone),
        ["POST /account/denied"] = new(Everyone),
        ["GET /account/logout"] = new(Signed),
        ["POST /account/logout"] = new(Signed),
        ["GET /account/login/two-factor"] = new(Everyone),
        ["POST /account/login/two-factor"] = new(Everyone, Safe: true), // with no sign-in waiting for a code: back to sign-in
        ["GET /account/password"] = new(Signed),
        ["POST /account/password"] = new(Signed),
        ["GET /account/two-factor"] = new(Signed),
        ["POST /account/two-factor"] = new(Signed),
        ["POST /account/two-factor?handler=disable"] = new(Signed),
        ["POST /api/v1/auth/logout"] = new(Signed),
        ["POST /api/v1/auth/password"] = new(Signed),

        // Account administration: only the security administrator (三权分立), who is none of these callers.
        ["GET /account/admin"] = new(Nobody),
        ["POST /account/admin"] = new(Nobody),
        ["POST /account/admin?handler=create"] = new(Nobody),
        ["POST /account/admin?handler=disable"] = new(Nobody),
        ["POST /account/admin?handler=enable"] = new(Nobody),
        ["POST /account/admin?handler=reset"] = new(Nobody),
        ["POST /account/admin?handler=changerole"] = new(Nobody),
        ["POST /account/admin?handler=disablemany"] = new(Nobody),
        ["GET /account/admin/import"] = new(Nobody),
        ["POST /account/admin/import"] = new(Nobody),
        ["GET /account/admin/import?handler=template"] = new(Nobody),
        ["GET /api/v1/accounts/imports/template"] = new(Nobody),
        ["POST /api/v1/accounts/imports"] = new(Nobody),
        ["PUT /api/v1/accounts/{id}/role"] = new(Nobody),
        ["POST /api/v1/accounts/disable"] = new(Nobody),
        ["GET /api/v1/accounts/export"] = new(Nobody),
        ["GET /account/admin?handler=xlsx"] = new(Nobody),
        ["GET /account/admin?handler=csv"] = new(Nobody),
        ["GET /error/{code:int?}"] = new(Everyone),
        ["POST /error/{code:int?}"] = new(Everyone),

        // Pages: work.
        ["GET /work"] = new(Signed),
        ["POST /work"] = new(Signed),
        ["GET /applications"] = new(Signed),
        ["GET /applications?handler=csv"] = new(Signed), // the list as CSV, scoped like the list
        ["GET /applications?handler=xlsx"] = new(Signed), // and as .xlsx
        ["POST /applications"] = new(Signed),
        ["GET /applications/mine"] = new(Communities),
        ["POST /applications/mine"] = new(Communities), // starts the caller's own community's application
        ["POST /applications/mine?handler=fromlast"] = new(Communities), // 以上次申报为起点: from the caller's own earlier application
        ["GET /applications/{id:guid}"] = new(OverX),
        ["POST /applications/{id:guid}"] = new(OverX),
        ["POST /applications/{id:guid}?handler=withdraw"] = new(Who.CommunityX),
        ["POST /applications/{id:guid}?handler=recommend"] = new(Who.StreetX),
        ["POST /applications/{id:guid}?handler=return"] = new(Who.StreetX | Who.DistrictX),
        ["POST /applications/{id:guid}?handler=file"] = new(Who.City),
        ["GET /applications/{id:guid}/self-assessment"] = new(Who.CommunityX),
        ["POST /applications/{id:guid}/self-assessment"] = new(Who.CommunityX),
        ["POST /applications/{id:guid}/self-assessment?handler=save"] = new(Who.CommunityX),
        ["POST /applications/{id:guid}/self-assessment?handler=submit"] = new(Who.CommunityX),
        ["GET /evaluation/{id:guid}"] = new(Who.DistrictX),
        ["POST /evaluation/{id:guid}"] = new(Who.DistrictX),
        ["POST /evaluation/{id:guid}?handler=save"] = new(Who.DistrictX),
        ["POST /evaluation/{id:guid}?handler=copyself"] = new(Who.DistrictX, Safe: true), // fills the form, saves nothing
        ["POST /evaluation/{id:guid}?handler=approve"] = new(Who.DistrictX),
        ["POST /evaluation/{id:guid}?handler=reject"] = new(Who.DistrictX),
        ["POST /evaluation/{id:guid}?handler=return"] = new(Who.DistrictX),
        ["GET /publication"] = new(Who.City),
        ["POST /publication"] = new(Who.City),
        ["POST /publication?handler=file"] = new(Who.City),
        ["POST /publication?handler=fileall"] = new(Who.City),
        ["POST /publication?handler=publishall"] = new(Who.City),
        ["POST /publication?handler=publish"] = new(Who.City),

        // Pages: dynamic management.
        ["GET /vetoes"] = new(Districts | Who.City),
        ["GET /appeals"] = new(Communities | Districts | Who.City),
        ["GET /appeals?handler=xlsx"] = new(Communities | Districts | Who.City),
        ["GET /appeals?handler=csv"] = new(Communities | Districts | Who.City),
        ["POST /appeals"] = new(Communities | Districts | Who.City),
        ["GET /appeals/new"] = new(Communities),
        ["POST /appeals/new"] = new(Who.CommunityX, BodyScoped: true),
        ["GET /appeals/{id:guid}"] = new(Who.CommunityX | Who.DistrictX | Who.City),
        ["POST /appeals/{id:guid}"] = new(Who.CommunityX | Who.DistrictX | Who.City),
        ["POST /appeals/{id:guid}?handler=decide"] = new(DistrictXOrCity),
        ["POST /appeals/{id:guid}?handler=evidence"] = new(Who.CommunityX),
        ["GET /vetoes?handler=xlsx"] = new(Districts | Who.City),
        ["GET /vetoes?handler=csv"] = new(Districts | Who.City),
        ["POST /vetoes"] = new(Districts | Who.City),
        ["GET /vetoes/new"] = new(Districts | Who.City),
        ["POST /vetoes/new"] = new(DistrictXOrCity, BodyScoped: true),
        ["GET /vetoes/{id:guid}"] = new(DistrictXOrCity),
        ["POST /vetoes/{id:guid}"] = new(DistrictXOrCity),
        ["POST /vetoes/{id:guid}?handler=annul"] = new(Who.City),
        ["GET /rectifications"] = new(Signed),
        ["GET /rectifications?handler=xlsx"] = new(Signed),
        ["GET /rectifications?handler=csv"] = new(Signed),
        ["POST /rectifications"] = new(Signed),
        ["GET /rectifications/{id:guid}"] = new(OverX),
        ["POST /rectifications/{id:guid}"] = new(OverX),
        ["POST /rectifications/{id:guid}?handler=report"] = new(Who.CommunityX),
        ["POST /rectifications/{id:guid}?handler=accept"] = new(DistrictXOrCity),
        ["POST /rectifications/{id:guid}?handler=sendback"] = new(DistrictXOrCity),
        ["GET /re-evaluations"] = new(Districts | Who.City),
        ["GET /re-evaluations?handler=xlsx"] = new(Districts | Who.City),
        ["GET /re-evaluations?handler=csv"] = new(Districts | Who.City),
        ["POST /re-evaluations"] = new(Districts | Who.City),
        ["GET /re-evaluations/{id:guid}"] = new(DistrictXOrCity),
        ["POST /re-evaluations/{id:guid}"] = new(DistrictXOrCity),
        ["POST /re-evaluations/{id:guid}?handler=decide"] = new(DistrictXOrCity),
        ["GET /pass-marks"] = new(Who.City),
        ["POST /pass-marks"] = new(Who.City),
        ["GET /scales"] = new(Who.City),
        ["GET /scales?handler=download"] = new(Who.City),
        ["POST /scales"] = new(Who.City),
        ["GET /scales/new"] = new(Who.City),
        ["POST /scales/new"] = new(Who.City),
        ["POST /scales/new?handler=addindicator"] = new(Who.City, Safe: true),
        ["POST /scales/new?handler=addpart"] = new(Who.City, Safe: true),

        // The audit trail: only the audit administrator (三权分立), who is none of these callers.
        ["GET /audit"] = new(Nobody),
        ["POST /audit"] = new(Nobody),
        ["GET /audit?handler=csv"] = new(Nobody),
        ["GET /audit?handler=xlsx"] = new(Nobody),
        ["GET /audit?handler=verify"] = new(Nobody),
        ["GET /api/v1/audit"] = new(Nobody),
        ["GET /api/v1/audit/export"] = new(Nobody),
        ["GET /api/v1/audit/verify"] = new(Nobody),
        // 系统状态: only the system administrator (三权分立), who is none of these callers either.
        ["GET /system"] = new(Nobody),
        ["POST /system"] = new(Nobody),

        // 提醒: every account its own notifications (by its account id, so nothing of X shows to another); marking read
        // changes only the caller's own; the delivery record is the system administrator's (none of these callers).
        ["GET /api/v1/notifications"] = new(Signed),
        ["GET /api/v1/notifications/unread-count"] = new(Signed),
        ["GET /api/v1/notifications/export"] = new(Signed),
        ["POST /api/v1/notifications/read"] = new(Signed, Safe: true),
        ["GET /api/v1/notifications/deliveries"] = new(Nobody),
        ["GET /api/v1/notifications/deliveries/export"] = new(Nobody),
        ["GET /notifications"] = new(Signed),
        ["POST /notifications"] = new(Signed),
        ["GET /notifications?handler=csv"] = new(Signed),
        ["GET /notifications?handler=xlsx"] = new(Signed),
        ["POST /notifications?handler=read"] = new(Signed, Safe: true),
        ["POST /notifications?handler=readall"] = new(Signed, Safe: true),
        ["GET /notifications/deliveries"] = new(Nobody),
        ["POST /notifications/deliveries"] = new(Nobody),
        ["GET /notifications/deliveries?handler=csv"] = new(Nobody),
        ["GET /notifications/deliveries?handler=xlsx"] = new(Nobody),
        ["GET /communities/{code}/story"] = new(OverX),
        ["POST /communities/{code}/story"] = new(OverX),
        // 认定证书 and 牌匾 print view: the community and the officials over it; outside X's subtree 404.
        ["GET /certificates/{number}"] = new(OverX),
        ["POST /certificates/{number}"] = new(OverX),
        ["GET /certificates/{number}?handler=pdf"] = new(OverX),
        ["GET /notices/{number}"] = new(OverX),
        ["POST /notices/{number}"] = new(OverX),
        ["GET /notices/{number}?handler=pdf"] = new(OverX),
        // 查找社区（村） and the pickers' divisions: every official in its own subtree (a community goes to its own story).
        ["GET /communities"] = new(Signed),
        ["POST /communities"] = new(Signed),
        ["GET /api/v1/divisions"] = new(Signed),

        // Pages: 12345 hotline.
        ["GET /dashboards"] = new(Streets | Districts | Who.City),
        ["GET /dashboards?handler=table"] = new(Streets | Districts | Who.City),
        ["POST /dashboards"] = new(Streets | Districts | Who.City),
        ["GET /hotline"] = new(Signed),
        ["POST /hotline"] = new(Signed),
        ["GET /hotline?handler=csv"] = new(Streets | Districts | Who.City), // 接诉即办
        ["GET /hotline?handler=xlsx"] = new(Streets | Districts | Who.City),
        ["GET /hotline?handler=complaintscsv"] = new(Signed), // the complaints listed, a community its own
        ["GET /hotline?handler=complaintsxlsx"] = new(Signed),
        ["GET /hotline/import"] = new(Districts | Who.City),
        ["POST /hotline/import"] = new(Districts | Who.City),
        ["GET /hotline/import?handler=template"] = new(Districts | Who.City),
        ["GET /hotline/imports/{id:guid}"] = new(Streets | Who.DistrictX | Who.City),
        ["POST /hotline/imports/{id:guid}"] = new(Streets | Who.DistrictX | Who.City),
        ["GET /hotline/imports/{id:guid}?handler=csv"] = new(Streets | Who.DistrictX | Who.City),
        ["GET /hotline/imports/{id:guid}?handler=xlsx"] = new(Streets | Who.DistrictX | Who.City),
        // Pages: 值守排班 (issue 14).
        ["GET /duty-roster"] = new(Signed), // a community is sent to its own roster
        ["POST /duty-roster"] = new(Signed),
        ["GET /duty-roster?handler=csv"] = new(Signed),
        ["GET /duty-roster?handler=xlsx"] = new(Signed),
        ["GET /communities/{code}/duty-roster"] = new(OverX),
        ["POST /communities/{code}/duty-roster"] = new(Who.CommunityX),
        ["GET /communities/{code}/duty-roster?handler=template"] = new(OverX),
        ["GET /communities/{code}/duty-roster?handler=csv"] = new(OverX),
        ["GET /communities/{code}/duty-roster?handler=xlsx"] = new(OverX),
        ["GET /communities/{code}/duty-roster?handler=shiftscsv"] = new(OverX),
        ["GET /communities/{code}/duty-roster?handler=shiftsxlsx"] = new(OverX),

        // 群众监督: anyone reports and follows a receipt; the district and the city handle, a street reads, the community never.
        ["POST /api/v1/public/communities/{code}/reports"] = new(Everyone),
        ["GET /api/v1/public/reports/{receipt}"] = new(Everyone),
        ["GET /public/communities/{code}/report"] = new(Everyone),
        ["POST /public/communities/{code}/report"] = new(Everyone),
        ["GET /public/reports"] = new(Everyone),
        ["POST /public/reports"] = new(Everyone),
        ["GET /public/reports/{receipt}"] = new(Everyone),
        ["POST /public/reports/{receipt}"] = new(Everyone),
        ["GET /api/v1/resident-reports"] = new(Streets | Districts | Who.City),
        ["GET /api/v1/resident-reports/export"] = new(Streets | Districts | Who.City),
        ["GET /api/v1/resident-reports/{id:guid}"] = new(Who.StreetX | Who.DistrictX | Who.City),
        ["GET /api/v1/resident-reports/{id:guid}/photo"] = new(Who.StreetX | Who.DistrictX | Who.City),
        ["POST /api/v1/resident-reports/{id:guid}/checking"] = new(DistrictXOrCity),
        ["POST /api/v1/resident-reports/{id:guid}/lead"] = new(DistrictXOrCity),
        ["POST /api/v1/resident-reports/{id:guid}/close"] = new(DistrictXOrCity),
        ["GET /resident-reports"] = new(Streets | Districts | Who.City),
        ["GET /resident-reports?handler=xlsx"] = new(Streets | Districts | Who.City),
        ["GET /resident-reports?handler=csv"] = new(Streets | Districts | Who.City),
        ["POST /resident-reports"] = new(Streets | Districts | Who.City),
        ["GET /resident-reports/{id:guid}"] = new(Who.StreetX | Who.DistrictX | Who.City),
        ["GET /resident-reports/{id:guid}?handler=photo"] = new(Who.StreetX | Who.DistrictX | Who.City),
        ["POST /resident-reports/{id:guid}"] = new(Who.StreetX | Who.DistrictX | Who.City),
        ["POST /resident-reports/{id:guid}?handler=checking"] = new(DistrictXOrCity),
        ["POST /resident-reports/{id:guid}?handler=lead"] = new(DistrictXOrCity),
        ["POST /resident-reports/{id:guid}?handler=close"] = new(DistrictXOrCity),
    };

    /// <summary>One route × method (× page handler) of the running app.</summary>
    public sealed record Route(string Key, string Method, string Pattern, string? Handler, bool IsPage, bool Mutating);

    /// <summary>The fixture: community X's objects and a signed-in caller of each kind (bearer for the API, cookie for pages).</summary>
    private sealed class World
    {
        public string X = "";
        public Guid Application, Veto, Task, Item, Import, Evidence, Report, Inspection, InspectionPhoto;
        public string Receipt = "";
        public int ApplicationVersion, TaskVersion, ItemVersion, Batch;
        public Guid Appeal; // an open appeal of X's (申诉复核), at version AppealVersion
        public int AppealVersion;
        public string Certificate = "";
        public string Notice = "";
        public DateOnly Snapshot; // a day of the open dataset on record
        public readonly Queue<string> RefreshTokens = new(); // each works once (they rotate): one per caller
        public readonly Dictionary<Who, HttpClient> Api = [];
        public readonly Dictionary<Who, Browserless> Pages = [];
        public readonly Dictionary<Who, string> Tokens = [];
        public Guid[] Owned => [Application, Veto, Task, Item, Appeal];

        /// <summary>The same callers and objects, at versions nobody saw: any step is refused as stale, changing nothing.</summary>
        public World Stale()
        {
            var stale = (World)MemberwiseClone();
            stale.ApplicationVersion += 1000;
            stale.TaskVersion += 1000;
            stale.ItemVersion += 1000;
            stale.AppealVersion += 1000;
            return stale;
        }
    }

    [Fact]
    public async Task EveryRoute_AnswersOnlyWhomTheTableAllows()
    {
        var routes = await RoutesAsync();
        var missing = routes.Where(r => !Table.ContainsKey(r.Key)).Select(r => r.Key).ToList();
        missing.ShouldBeEmpty($"routes of the app missing from the authorization table: {string.Join(", ", missing)}");
        var stale = Table.Keys.Except(routes.Select(r => r.Key)).ToList();
        stale.ShouldBeEmpty($"rows of the table with no route in the app: {string.Join(", ", stale)}");

        var world = await SeedAsync();
        var failures = new List<string>();
        int checks = 0, skipped = 0;
        foreach (var route in routes)
        {
            var row = Table[route.Key];
            foreach (var who in Enum.GetValues<Who>())
            {
                var allowed = row.May.HasFlag(who);
                if (allowed && route.Mutating && !row.Safe)
                {
                    if (!TakesVersion(route))
                    {
                        skipped++; // an allowed change would spend the fixture: the feature suites prove it works
                        continue;
                    }
                    // Allowed, at a version nobody saw: it gets past sign-in, role and scope, and stops at the version check.
                    checks++;
                    using var probe = await CallAsync(world.Stale(), route, who);
                    var text = await probe.Content.ReadAsStringAsync();
                    var seen = route.IsPage
                        ? probe.StatusCode == HttpStatusCode.OK && text.Contains("刷新", StringComparison.Ordinal)
                        : probe.StatusCode == HttpStatusCode.Conflict && text.Contains("\"stale\"", StringComparison.Ordinal);
                    if (!seen) failures.Add($"{route.Key} as {who}: allowed, so a stale version must be refused as stale, got {(int)probe.StatusCode} {Short(text)}");
                    continue;
                }
                checks++;
                using var response = await CallAsync(world, route, who);
                var body = System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()); // keeps a BOM
                var problem = allowed ? Allowed(route, who, response, body, world) : Refused(route, row, who, response);
                if (problem is not null) failures.Add($"{route.Key} as {who}: {problem}");
            }
        }

        Console.WriteLine($"authorization matrix ({app.Provider}): {routes.Count} routes × methods, {checks} checks, {skipped} allowed changes without a version left to the feature suites");
        failures.ShouldBeEmpty($"{failures.Count} of {checks} checks failed:\n{string.Join("\n", failures)}");
        checks.ShouldBeGreaterThan(routes.Count * 6);
        (await VersionsAsync(world)).ShouldBe((world.ApplicationVersion, world.TaskVersion, world.ItemVersion, 1), "nothing of X changed");
        (await app.WithDbAsync(db => db.ResidentReports.Where(r => r.Id == world.Report).Select(r => r.Version).SingleAsync())).ShouldBe(1, "X's resident report unchanged");
    }

    [Fact]
    public async Task EveryPagePost_WithoutTheAntiforgeryToken_IsRefused()
    {
        var routes = (await RoutesAsync()).Where(r => r.IsPage && r.Method == "POST").ToList();
        var world = await SeedAsync();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            // The error page takes any method so that a failed POST can be shown; it changes nothing.
            if (route.Pattern.StartsWith("/error", StringComparison.Ordinal)) continue;
            var may = Table[route.Key].May;
            // Pages none of these callers may reach (the audit administrator's) refuse them before any token is read;
            // the antiforgery filter is global, so they carry it like every other page.
            if (may == Nobody) continue;
            var who = may.HasFlag(Who.Anonymous) ? Who.Anonymous : Enum.GetValues<Who>().First(w => may.HasFlag(w));
            using var response = await world.Pages[who].Client.PostAsync(Url(world, route), new FormUrlEncodedContent(Form(world, route)));
            if (response.StatusCode != HttpStatusCode.BadRequest)
                failures.Add($"{route.Key} as {who} without a token: {(int)response.StatusCode} {response.Headers.Location}");
        }
        routes.Count.ShouldBeGreaterThan(30);
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    /// <summary>Every endpoint of the running app: API routes with their methods, pages with their handlers.</summary>
    private async Task<List<Route>> RoutesAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var routes = new List<Route>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = Normalise(endpoint.RoutePattern.RawText ?? "");
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var method in new[] { "GET", "POST" })
                {
                    var handlers = compiled.HandlerMethods.Where(h => h.HttpMethod.Equals(method, StringComparison.OrdinalIgnoreCase)).ToList();
                    // A plain request too, for a page whose handlers all have names: it must be refused or harmless.
                    if (!handlers.Any(h => h.Name is null))
                        routes.Add(new Route($"{method} {pattern}", method, pattern, null, true, Mutating: false));
                    foreach (var h in handlers)
                    {
                        var handler = h.Name?.ToLowerInvariant();
                        routes.Add(new Route(handler is null ? $"{method} {pattern}" : $"{method} {pattern}?handler={handler}",
                            method, pattern, handler, true, Mutating: method == "POST"));
                    }
                }
            }
            else if (pattern == "/{*path:nonfile}")
            {
                continue; // the fallback answers 404 to anything unmatched, signed in or not (Program.cs)
            }
            else
            {
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                    routes.Add(new Route($"{method} {pattern}", method, pattern, null, false, Mutating: method != "GET"));
            }
        }
        return routes.DistinctBy(r => r.Key).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static string Normalise(string pattern)
    {
        var p = "/" + pattern.Trim('/');
        return p;
    }

    private static string? Allowed(Route route, Who who, HttpResponseMessage response, string body, World world)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.ToString() ?? "";
        if (route.Pattern == "/account/denied" && status == 403) return null; // the denied page says so with its status
        // The code step with no password step behind it sends anyone back to sign in: there is nothing to finish.
        if (route.Pattern == "/account/login/two-factor" && status == 302 && location.Contains("/account/login", StringComparison.Ordinal)) return null;
        if (NoHandler(route) && status == 405) return null;
        if (status is < 200 or >= 400 || location.Contains("/account/", StringComparison.Ordinal))
            return $"allowed, but answered {status} {location} {Short(body)}";
        // Every export goes through CsvExport (BOM, every cell quoted, formula cells neutralised), never by hand.
        if (response.Content.Headers.ContentType?.MediaType == "text/csv" && !body.StartsWith("\uFEFF\"", StringComparison.Ordinal))
            return "a CSV export not written by CsvExport";
        // A list shows nothing of X to a caller outside X's subtree.
        var outside = who is Who.SiblingCommunity or Who.OtherStreet or Who.OtherDistrict or Who.Anonymous;
        if (outside && !route.Pattern.Contains("public", StringComparison.Ordinal))
            foreach (var id in world.Owned)
                if (body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase))
                    return $"shows {id} of community X to a caller outside its subtree";
        return null;
    }

    private static string? Refused(Route route, Row row, Who who, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.ToString() ?? "";
        var answer = $"{status} {location}".Trim();
        if (who == Who.Anonymous)
            return route.IsPage
                ? status == 302 && location.Contains("/account/login", StringComparison.Ordinal) ? null : $"anonymous must be sent to sign-in, got {answer}"
                : status == 401 ? null : $"anonymous must get 401, got {answer}";

        if (NoHandler(route) && status == 405) return null; // refused before any object is looked at: leaks nothing

        // A role that may act elsewhere, asking for X's object outside its subtree: 404, never 403 (decision 0003).
        var scoped = route.Pattern.Contains("{id", StringComparison.Ordinal) || route.Pattern.Contains("{code}", StringComparison.Ordinal) || row.BodyScoped;
        if (scoped && (row.May & SameRole(who)) != 0)
        {
            var expected = row.OutOfScope ?? [404];
            return expected.Contains(status) ? null : $"outside X's subtree must get {string.Join(" or ", expected)}, got {answer}";
        }
        if (status is 403 or 404) return null;
        if (route.IsPage && status == 302 && location.Contains("/account/denied", StringComparison.Ordinal)) return null;
        return $"must be refused (403/404{(route.IsPage ? " or the denied page" : "")}), got {answer}";
    }

    /// <summary>A step on an object that carries a version (the caller sends the one it saw).</summary>
    private static bool TakesVersion(Route route) =>
        route.Pattern.StartsWith("/api/v1/applications/{id:guid}/", StringComparison.Ordinal)
        || (route.Pattern.StartsWith("/api/v1/rectifications/{id:guid}/", StringComparison.Ordinal) && !route.Pattern.EndsWith("/evidence", StringComparison.Ordinal))
        || route.Pattern.StartsWith("/api/v1/re-evaluations/{id:guid}/", StringComparison.Ordinal)
        || (route.Pattern.StartsWith("/api/v1/appeals/{id:guid}/", StringComparison.Ordinal) && !route.Pattern.EndsWith("/evidence", StringComparison.Ordinal))
        || (route.IsPage && route.Handler == "decide" && route.Pattern.StartsWith("/appeals/{id:guid}", StringComparison.Ordinal))
        || (route.IsPage && route.Handler is not null and not "evidence" && (route.Pattern.StartsWith("/applications/{id:guid}", StringComparison.Ordinal)
            || route.Pattern.StartsWith("/evaluation/", StringComparison.Ordinal) || route.Pattern.StartsWith("/rectifications/", StringComparison.Ordinal)
            || route.Pattern.StartsWith("/re-evaluations/", StringComparison.Ordinal)));

    /// <summary>A plain POST to a page whose handlers all have names: nothing may run (Infrastructure/NoHandlerFilter).</summary>
    private static bool NoHandler(Route route) => route.IsPage && route.Method == "POST" && route.Handler is null && !route.Mutating;

    /// <summary>Every caller with the role of <paramref name="who"/>.</summary>
    private static Who SameRole(Who who) => who switch
    {
        Who.CommunityX or Who.SiblingCommunity => Communities,
        Who.StreetX or Who.OtherStreet => Streets,
        Who.DistrictX or Who.OtherDistrict => Districts,
        _ => who,
    };

    /// <summary>Enough of a body to tell what happened: a page's title, else the start of the text.</summary>
    private static string Short(string body) =>
        Regex.Match(body, "<title>(.*?)</title>") is { Success: true } m ? m.Groups[1].Value : body.Length > 200 ? body[..200] + "…" : body;

    private static ProgrammeRole? RoleOf(Who who) => who switch
    {
        Who.CommunityX or Who.SiblingCommunity => ProgrammeRole.Community,
        Who.StreetX or Who.OtherStreet => ProgrammeRole.Street,
        Who.DistrictX or Who.OtherDistrict => ProgrammeRole.District,
        Who.City => ProgrammeRole.City,
        _ => null,
    };

    private async Task<HttpResponseMessage> CallAsync(World world, Route route, Who who)
    {
        var url = Url(world, route);
        if (route.IsPage)
        {
            var client = world.Pages[who].Client;
            if (route.Method == "GET") return await client.GetAsync(url);
            var form = Form(world, route);
            form["__RequestVerificationToken"] = world.Tokens[who];
            return await client.PostAsync(url, new FormUrlEncodedContent(form));
        }
        var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (route.Method != "GET") request.Content = Body(world, route);
        return await world.Api[who].SendAsync(request);
    }

    private static string Url(World world, Route route)
    {
        var path = RouteParameter().Replace(route.Pattern, m => m.Groups[1].Value switch
        {
            "id" when route.Pattern.StartsWith("/api/v1/evidence/", StringComparison.Ordinal) => world.Evidence.ToString(),
            "id" when route.Pattern.Contains("resident-reports", StringComparison.Ordinal) => world.Report.ToString(),
            "receipt" => world.Receipt,
            "id" when route.Pattern.StartsWith("/api/v1/inspection-photos/", StringComparison.Ordinal) => world.InspectionPhoto.ToString(),
            "id" when route.Pattern.Contains("inspections", StringComparison.Ordinal) => world.Inspection.ToString(),
            "id" when route.Pattern.Contains("vetoes", StringComparison.Ordinal) => world.Veto.ToString(),
            "id" when route.Pattern.Contains("appeals", StringComparison.Ordinal) => world.Appeal.ToString(),
            "id" when route.Pattern.Contains("rectifications", StringComparison.Ordinal) => world.Task.ToString(),
            "id" when route.Pattern.Contains("re-evaluations", StringComparison.Ordinal) => world.Item.ToString(),
            "id" when route.Pattern.Contains("hotline", StringComparison.Ordinal) => world.Import.ToString(),
            "id" => world.Application.ToString(),
            "code" when route.Pattern.StartsWith("/error", StringComparison.Ordinal) => "404",
            "code" => world.X,
            "number" when route.Pattern.Contains("certificates", StringComparison.Ordinal) || route.Pattern.Contains("verify", StringComparison.Ordinal)
                => Uri.EscapeDataString(world.Certificate),
            "number" when route.Pattern.Contains("notices", StringComparison.Ordinal) => Uri.EscapeDataString(world.Notice),
            "number" => world.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "documentName" => "v1",
            "date" => world.Snapshot.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            "name" when route.Pattern.StartsWith("/api/v1/dashboards/", StringComparison.Ordinal) => "funnel",
            var name => throw new InvalidOperationException($"no value for {{{name}}} in {route.Pattern}"),
        });
        return route.Handler is null ? path : $"{path}?handler={route.Handler}";
    }

    /// <summary>A body that would succeed but for authorization: it names X's objects at their current versions.</summary>
    private HttpContent Body(World world, Route route)
    {
        var p = route.Pattern;
        var reason = "矩阵测试：核实情况";
        if (p.EndsWith("/evidence", StringComparison.Ordinal) || p.EndsWith("/photos", StringComparison.Ordinal))
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", "整改照片.pdf");
            return form;
        }
        if (p == "/api/v1/hotline/imports")
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Hotline.HotlineFiles.Csv([Hotline.HotlineFiles.Row($"M{world.X}02", world.X, 10)]));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "12345导出.csv");
            return form;
        }
        if (p == "/api/v1/accounts/imports")
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Wuyi.Web.Infrastructure.CsvExport.Build(["用户名", "名称", "手机号", "区划代码", "角色"],
                [[$"matrix-{world.X}", "矩阵测试社区", "13800000000", world.X, "社区（村）"]]));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "账号.csv");
            return form;
        }
        object body = p switch
        {
            "/api/v1/accounts/disable" => new { userNames = new[] { "community", "street" } },
            "/api/v1/accounts/{id}/role" => new { role = ProgrammeRole.City, divisionCode = "11" },
            "/api/v1/auth/token" => new { userName = "city", password = DemoAccounts.Password },
            "/api/v1/auth/refresh" => new { refreshToken = world.RefreshTokens.Dequeue() },
            "/api/v1/applications" => new { communityCode = world.X, scores = Scores(), note = "自评" },
            _ when p.EndsWith("/self-assessment", StringComparison.Ordinal) => new { scores = Scores(), note = "自评", version = world.ApplicationVersion },
            _ when p.EndsWith("/evaluation", StringComparison.Ordinal) => new { scores = Scores(), findings = reason, version = world.ApplicationVersion },
            _ when p.EndsWith("/approve", StringComparison.Ordinal) || p.EndsWith("/reject", StringComparison.Ordinal) =>
                new { scores = Scores(), findings = reason, comment = reason, version = world.ApplicationVersion },
            _ when p.EndsWith("/preview", StringComparison.Ordinal) => new { scores = Scores() },
            _ when p.StartsWith("/api/v1/applications/", StringComparison.Ordinal) => new { version = world.ApplicationVersion, comment = reason },
            "/api/v1/filings" => new { applicationIds = new[] { world.Application }, comment = reason },
            "/api/v1/inspections" => new { communityCodes = new[] { world.X }, inspectorUserId = "matrix", plannedOn = "2022-06-30" },
            "/api/v1/batches" => new { applicationIds = new[] { world.Application }, title = "矩阵测试批次" },
            "/api/v1/vetoes" => new
            {
                communityCode = world.X,
                kind = VetoKind.MediaExposure,
                occurredAt = app.Clock.GetUtcNow().AddDays(-1),
                source = "媒体曝光",
                description = "卡口无人值守",
                documentReference = "京防控通报〔2022〕99号",
            },
            _ when p.EndsWith("/annul", StringComparison.Ordinal) => new { reason },
            _ when p.EndsWith("/report", StringComparison.Ordinal) => new { report = "已整改", evidence = "照片", version = world.TaskVersion },
            _ when p.StartsWith("/api/v1/rectifications/", StringComparison.Ordinal) => new { comment = reason, version = world.TaskVersion },
            "/api/v1/appeals" => new { subject = "Veto", key = world.Veto.ToString(), reasons = reason },
            _ when p.StartsWith("/api/v1/appeals/", StringComparison.Ordinal) => new { decision = "Dismiss", reasons = reason, version = world.AppealVersion },
            _ when p.EndsWith("/decide", StringComparison.Ordinal) => new { decision = ReEvaluationDecision.Keep, comment = reason, version = world.ItemVersion },
            "/api/v1/pass-marks" => new { value = 85, effectiveFrom = "2022-06-20", reason },
            "/api/v1/hotline/complaints" => new
            {
                complaints = new[] { new { number = $"M{world.X}03", receivedAt = app.Clock.GetUtcNow().AddDays(-2), communityCode = world.X, epidemicRelated = true } },
            },
            _ => new { },
        };
        return JsonContent.Create(body, options: Json);
    }

    /// <summary>Every field any page's form binds, filled so that a post would succeed but for authorization.</summary>
    private static Dictionary<string, string> Form(World world, Route route)
    {
        var version = route.Pattern.StartsWith("/rectifications", StringComparison.Ordinal) ? world.TaskVersion
            : route.Pattern.StartsWith("/re-evaluations", StringComparison.Ordinal) ? world.ItemVersion
            : route.Pattern.StartsWith("/appeals", StringComparison.Ordinal) ? world.AppealVersion
            : world.ApplicationVersion;
        var reason = "矩阵测试：核实情况";
        var form = new Dictionary<string, string>
        {
            ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Comment"] = reason,
            ["ReturnReason"] = reason,
            ["Reason"] = reason,
            ["Findings"] = reason,
            ["Note"] = "自评",
            ["Report"] = "已整改",
            ["Evidence"] = "照片",
            ["Decision"] = nameof(ReEvaluationDecision.Keep),
            ["RectificationDeadline"] = "2022-07-30",
            ["NewDeadline"] = "2022-07-30",
            ["Selected"] = world.Application.ToString(),
            ["Title"] = "矩阵测试批次",
            ["CommunityCode"] = world.X,
            ["Kind"] = nameof(VetoKind.MediaExposure),
            ["OccurredOn"] = "2022-06-15",
            ["Source"] = "媒体曝光",
            ["Description"] = "卡口无人值守",
            ["DocumentReference"] = "京防控通报〔2022〕99号",
            ["Value"] = "85",
            ["EffectiveFrom"] = "2022-06-20",
            ["UserName"] = "city",
            ["Password"] = DemoAccounts.Password,
            ["Subject"] = "Veto", // 申诉复核
            ["Key"] = world.Veto.ToString(),
            ["Reasons"] = reason,
            ["Answer"] = "Dismiss",
        };
        foreach (var (code, score) in Scores())
            form[$"Scores[{code}]"] = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (route.Pattern == "/inspections") form["Selected"] = world.X; // 督导检查: plan X
        return form;
    }

    /// <summary>Community X certified, then vetoed (title revoked, rectification ordered), the veto annulled (a re-evaluation), a hotline import.</summary>
    private async Task<World> SeedAsync()
    {
        var world = new World { X = await app.FreshCommunityAsync("110101") };
        var x = world.X;
        var (sibling, otherStreet) = await app.WithDbAsync(async db =>
        {
            var s = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Community && d.Code.StartsWith(x.Substring(0, 9)) && d.Code != x)
                .OrderBy(d => d.Code).Select(d => d.Code).FirstAsync();
            var o = await db.Divisions.AsNoTracking().Where(d => d.Level == DivisionLevel.Street && d.Code.StartsWith(x.Substring(0, 6)) && d.Code != x.Substring(0, 9))
                .OrderBy(d => d.Code).Select(d => d.Code).FirstAsync();
            return (s, o);
        });

        var round = await Round.ForAsync(app, x);
        var (application, batch) = await round.CertifiedAsync();
        var veto = await round.District.VetoAsync(x, VetoKind.MediaExposure, app.Clock);
        await (await round.City.PostAsJsonAsync($"/api/v1/vetoes/{veto.Id}/annul", new { reason = "经核实系误录" }, Json)).ShouldBe(HttpStatusCode.OK);
        var task = await round.District.OpenTaskAsync(x);
        // An open appeal of X's, as the community would have filed it while the veto stood (申诉复核).
        var filedAt = app.Clock.GetUtcNow();
        world.Appeal = await app.WithDbAsync(async db =>
        {
            var (appeal, filed) = AppealRules.File(new Actor("matrix-community", "矩阵测试社区", ProgrammeRole.Community, x),
                new AppealedDecision(AppealSubject.Veto, veto.Id.ToString(), x, filedAt, [], "矩阵测试：否决事项", Counts: true), AppealRule.Default,
                "矩阵测试：申诉理由", openAppealExists: false, filedAt);
            db.Appeals.Add(appeal);
            db.ProgrammeEvents.Add(filed);
            await db.SaveChangesAsync();
            return appeal.Id;
        });
        world.AppealVersion = 1;
        var item = (await (await round.District.GetAsync($"/api/v1/re-evaluations?community={x}")).Read<JsonElement>()).GetProperty("items")[0];

        var csv = new MultipartFormDataContent();
        var file = new ByteArrayContent(Hotline.HotlineFiles.Csv([Hotline.HotlineFiles.Row($"M{x}01", x, 12, epidemic: false)]));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        csv.Add(file, "file", "12345导出.csv");
        var import = await (await round.District.PostAsync("/api/v1/hotline/imports", csv)).Read<JsonElement>();

        var pdf = new MultipartFormDataContent();
        var pdfFile = new ByteArrayContent("%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 1\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF\n"u8.ToArray());
        pdfFile.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        pdf.Add(pdfFile, "file", "整改照片.pdf");
        world.Evidence = (await (await round.Community.PostAsync($"/api/v1/rectifications/{task.Id}/evidence", pdf)).Read<JsonElement>()).GetProperty("id").GetGuid();
        task = await round.District.OpenTaskAsync(x); // the upload is a step of the task: take its version after it

        var report = new MultipartFormDataContent
        {
            { new StringContent("UnstaffedCheckpoint"), "kind" }, { new StringContent("矩阵测试：东门卡口无人值守"), "text" }, { new StringContent("true"), "consent" },
        };
        var reportPhoto = new ByteArrayContent(Api.Pngs.Make(1, 1));
        reportPhoto.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        report.Add(reportPhoto, "photo", "卡口.png");
        world.Receipt = (await (await app.CreateClient().PostAsync($"/api/v1/public/communities/{x}/reports", report)).Read<JsonElement>()).GetProperty("receipt").GetString()!;
        world.Report = await app.WithDbAsync(db => db.ResidentReports.Where(r => r.CommunityCode == x).Select(r => r.Id).SingleAsync());

        world.Application = application;
        world.Batch = batch;
        world.Certificate = await app.WithDbAsync(db => db.Certifications.Where(c => c.CommunityCode == x).Select(c => c.Number).SingleAsync());
        world.Notice = await app.WithDbAsync(db => db.Notices.Where(n => n.CommunityCode == x && n.Kind == NoticeKind.Revocation).Select(n => n.Number).SingleAsync());
        // Today frozen as the open dataset's snapshot, as a node would at midnight (the clock put back after: sign-ins stay fresh).
        app.Clock.Advance(TimeSpan.FromDays(1));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Wuyi.Web.PublicSite.OpenDataSnapshots>().TakeDueAsync(CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromDays(-1));
        world.Snapshot = await app.WithDbAsync(db => db.OpenDataSnapshots.Where(s => s.MissingReason == null).MaxAsync(s => s.Date));
        // 督导检查 of X, planned by its district for its own official, with a photo.
        var inspector = (await (await round.District.GetAsync("/api/v1/me")).Read<JsonElement>()).GetProperty("id").GetString();
        var inspection = (await (await round.District.PostAsJsonAsync("/api/v1/inspections",
            new { communityCodes = new[] { x }, inspectorUserId = inspector, plannedOn = Wuyi.Domain.Common.ProgrammeClock.DateOf(app.Clock.GetUtcNow()) }, Json))
            .Read<JsonElement>())[0].GetProperty("id").GetGuid();
        var photo = new MultipartFormDataContent();
        var png = new ByteArrayContent(Api.Pngs.Make(4, 3));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        photo.Add(png, "file", "卡口.png");
        world.InspectionPhoto = (await (await round.District.PostAsync($"/api/v1/inspections/{inspection}/photos", photo)).Read<JsonElement>())
            .GetProperty("photos")[0].GetProperty("id").GetGuid();
        world.Inspection = inspection;
        world.Veto = veto.Id;
        world.Task = task.Id;
        world.TaskVersion = task.Version;
        world.Item = item.GetProperty("id").GetGuid();
        world.ItemVersion = item.GetProperty("version").GetInt32();
        world.Import = import.GetProperty("importId").GetGuid();
        world.ApplicationVersion = (await (await round.City.Get(application)).ReadApplication()).Version;

        var nodes = new Dictionary<Who, string>
        {
            [Who.CommunityX] = x,
            [Who.SiblingCommunity] = sibling,
            [Who.StreetX] = x[..9],
            [Who.OtherStreet] = otherStreet,
            [Who.DistrictX] = x[..6],
            [Who.OtherDistrict] = "110102",
            [Who.City] = "11",
        };
        foreach (var (who, node) in nodes)
        {
            var userName = await app.CreateAccountAsync(RoleOf(who)!.Value, node);
            world.Api[who] = await app.SignInAsync(userName);
            world.Pages[who] = await Browserless.SignInAsync(app, userName);
            world.Tokens[who] = await TokenAsync(world.Pages[who], "/work");
        }
        world.Api[Who.Anonymous] = app.CreateClient();
        world.Pages[Who.Anonymous] = Browserless.Anonymous(app);
        world.Tokens[Who.Anonymous] = await TokenAsync(world.Pages[Who.Anonymous], "/account/login");

        foreach (var _ in Enum.GetValues<Who>())
        {
            var token = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { userName = "city", password = DemoAccounts.Password });
            world.RefreshTokens.Enqueue((await token.Read<JsonElement>()).GetProperty("refreshToken").GetString()!);
        }
        return world;
    }

    /// <summary>X's objects as they stand now: versions, and how many vetoes X has.</summary>
    private Task<(int, int, int, int)> VersionsAsync(World world) => app.WithDbAsync(async db => (
        await db.Applications.Where(a => a.Id == world.Application).Select(a => a.Version).SingleAsync(),
        await db.RectificationTasks.Where(t => t.Id == world.Task).Select(t => t.Version).SingleAsync(),
        await db.ReEvaluations.Where(r => r.Id == world.Item).Select(r => r.Version).SingleAsync(),
        await db.Vetoes.CountAsync(v => v.CommunityCode == world.X)));

    private static async Task<string> TokenAsync(Browserless browser, string url)
    {
        var (_, page) = await browser.GetAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no antiforgery token on {url}");
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}

public sealed class AuthorizationMatrixTests_Sqlite(SqliteApp app) : AuthorizationMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AuthorizationMatrixTests_Postgres(PostgresApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresApp>;

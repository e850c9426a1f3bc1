using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Smo.Simulator.Kubernetes;

/// <summary>
/// A list request the apiserver has decoded (metav1.ListOptions): the selectors that filter its items. <c>limit</c>
/// is read but not honoured — the API lets a server return every item, and then no <c>continue</c> token — so the
/// twin never issues continue tokens.
/// </summary>
public sealed record ListRequest(LabelSelector Labels, FieldSelector Fields)
{
    private static readonly string[] ResourceVersionMatches = ["Exact", "NotOlderThan", ""];

    /// <summary>
    /// Reads a list (or, with <paramref name="watch"/>, a watch) query, or returns the Status that refuses it, checked in
    /// the apiserver's order: decoding the parameters and selectors (400), <c>ListOptions</c> validation (422), field
    /// labels (400), the continue token (400).
    /// </summary>
    public static bool TryRead(IQueryCollection query, [NotNullWhen(true)] out ListRequest? request, [NotNullWhen(false)] out ApiResponse? rejection,
        bool watch = false)
    {
        request = null;
        rejection = null;
        string? Value(string name) => query[name].FirstOrDefault();
        if (Value("limit") is { } limit && limit.Trim().Length > 0
            && !long.TryParse(limit.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            rejection = StatusObjects.BadRequest($"strconv.ParseInt: parsing \"{limit.Trim()}\": invalid syntax");
            return false;
        }
        if (!TryParseBool(Value("sendInitialEvents"), out var sendInitialEvents, out var boolError))
        {
            rejection = StatusObjects.BadRequest(boolError);
            return false;
        }
        var labels = LabelSelector.Parse(Value("labelSelector"), out var labelError);
        if (labels is null)
        {
            rejection = StatusObjects.BadRequest(labelError!);
            return false;
        }
        var fields = FieldSelector.Parse(Value("fieldSelector"), out var fieldError);
        if (fields is null)
        {
            rejection = StatusObjects.BadRequest(fieldError!);
            return false;
        }
        var resourceVersion = Value("resourceVersion") ?? "";
        var continueToken = Value("continue") ?? "";
        var match = Value("resourceVersionMatch") ?? "";
        var errors = watch
            ? ValidateWatch(match, continueToken, sendInitialEventsGiven: !string.IsNullOrWhiteSpace(Value("sendInitialEvents")))
            : Validate(resourceVersion, match, continueToken, sendInitialEvents);
        if (errors.Count > 0)
        {
            rejection = StatusObjects.Invalid("ListOptions", "meta.k8s.io", "", errors);
            return false;
        }
        if (fields.UnknownField() is { } unknownField)
        {
            rejection = StatusObjects.BadRequest(unknownField);
            return false;
        }
        if (continueToken.Length > 0)
        {
            rejection = StatusObjects.BadRequest(resourceVersion is not ("" or "0")
                ? "specifying resource version is not allowed when using continue"
                : "invalid continue token: continue key is not valid: this server issued no continue token");
            return false;
        }
        request = new ListRequest(labels, fields);
        return true;
    }

    public bool Matches(JsonObject item) => Labels.Matches(item) && Fields.Matches(item);

    /// <summary>apimachinery's <c>ValidateListOptions</c> for a list (not a watch).</summary>
    private static List<FieldError> Validate(string resourceVersion, string match, string continueToken, bool sendInitialEvents)
    {
        var errors = new List<FieldError>();
        if (match.Length > 0)
        {
            if (resourceVersion.Length == 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (continueToken.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match is not ("Exact" or "NotOlderThan"))
            {
                errors.Add(FieldError.Unsupported("resourceVersionMatch", match, ResourceVersionMatches));
            }
            if (match == "Exact" && resourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (sendInitialEvents)
        {
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        return errors;
    }

    /// <summary>
    /// apimachinery's <c>validateWatchOptions</c> of Kubernetes 1.30, whose WatchList feature gate is off by default:
    /// <c>sendInitialEvents</c> (streaming lists) is refused, and <c>resourceVersionMatch</c> only goes with it.
    /// </summary>
    private static List<FieldError> ValidateWatch(string match, string continueToken, bool sendInitialEventsGiven)
    {
        const string notOlderThan = "NotOlderThan";
        var errors = new List<FieldError>();
        if (sendInitialEventsGiven)
        {
            if (match != notOlderThan)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {notOlderThan}"));
            }
            errors.Add(FieldError.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled"));
        }
        if (match.Length > 0)
        {
            if (!sendInitialEventsGiven)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (match != notOlderThan)
            {
                errors.Add(FieldError.Unsupported("resourceVersionMatch", match, [notOlderThan]));
            }
            if (continueToken.Length > 0)
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }
        return errors;
    }

    /// <summary>Go's <c>strconv.ParseBool</c>; absent or empty is false.</summary>
    internal static bool TryParseBool(string? text, out bool value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        value = false;
        switch (text?.Trim())
        {
            case null or "":
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                return true;
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            default:
                error = $"strconv.ParseBool: parsing \"{text.Trim()}\": invalid syntax";
                return false;
        }
    }
}

namespace Smo.Simulator.Kubernetes;

/// <summary>One cause of a 422 Invalid, worded like apimachinery's field errors.</summary>
public sealed record FieldError(string Field, string Reason, string Message)
{
    public static FieldError Required(string field, string? detail = null) =>
        new(field, "FieldValueRequired", detail is null ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {value}: {detail}");

    public static FieldError Forbidden(string field, string detail) =>
        new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldError Duplicate(string field, string value) =>
        new(field, "FieldValueDuplicate", $"Duplicate value: \"{value}\"");

    public static FieldError Unsupported(string field, string value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public override string ToString() => $"{Field}: {Message}";
}

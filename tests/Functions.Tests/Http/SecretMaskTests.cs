using System.Net;
using System.Text;
using System.Text.Json;
using Smo.Functions.Secrets;

namespace Smo.Functions.Tests.Http;

/// <summary>A password NFVCL echoes back, in whatever encoding its Python code wrote it, never reaches the caller.</summary>
public sealed class SecretMaskTests
{
    private const string Password = "p\"a\\ss<wörd>&'+ 1/é";

    public static TheoryData<string, string> Echoes() => new()
    {
        { "as is", Password },
        { "python json, ensure_ascii", "p\\\"a\\\\ss<w\\u00f6rd>&'+ 1/\\u00e9" },
        { "python json, unicode kept", "p\\\"a\\\\ss<wörd>&'+ 1/é" },
        { ".NET json", JsonEncodedText.Encode(Password).ToString() },
        { "python repr", "p\"a\\\\ss<wörd>&\\'+ 1/é" },
        { "url", Uri.EscapeDataString(Password) },
        { "form", WebUtility.UrlEncode(Password) },
        { "html", WebUtility.HtmlEncode(Password) },
        { "base64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Password)) },
        { "upper-case json escapes", "p\\\"a\\\\ss<w\\u00F6rd>&'+ 1/\\u00E9" },
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public void The_password_is_masked_in_every_encoding_nfvcl_may_echo(string encoding, string echoed)
    {
        var reason = $"NFVCL: register VIM failed: HTTP 422: {{\"detail\":[{{\"loc\":[\"body\",\"vim_password\"],\"input\":\"{echoed}\"}}]}}";

        var masked = SecretMask.Apply(reason, Password);

        Assert.False(masked.Contains(echoed, StringComparison.Ordinal), $"the {encoding} form survived: {masked}");
        Assert.Contains(SecretMask.Mask, masked, StringComparison.Ordinal);
        Assert.StartsWith("NFVCL: register VIM failed", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_the_secret_is_left_as_it_is()
    {
        Assert.Equal("VIM unreachable", SecretMask.Apply("VIM unreachable", Password));
        Assert.Equal("VIM unreachable", SecretMask.Apply("VIM unreachable", null));
    }
}

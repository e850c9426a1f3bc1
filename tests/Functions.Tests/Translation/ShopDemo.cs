using Smo.Hdag;
using Smo.Hdag.Parsing;

namespace Smo.Functions.Tests.Translation;

/// <summary>The repository's own demo descriptor (examples/hdag/shop-demo.yaml), parsed.</summary>
public static class ShopDemo
{
    public static string Text => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shop-demo.yaml"));

    public static HdagParseResult Parse()
    {
        var parsed = new HdagParser().Parse(Text);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        return parsed;
    }

    public static HdaGraph Graph => Parse().Graph!;
}

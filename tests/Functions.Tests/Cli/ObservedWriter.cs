using System.Text;

namespace Smo.Functions.Tests.Cli;

/// <summary>A writer a test can read while a command still writes to it (the watch runs until cancelled).</summary>
public sealed class ObservedWriter : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_text)
        {
            _text.Append(buffer, index, count);
        }
    }

    /// <summary>Waits until the text written so far satisfies <paramref name="condition"/>; fails naming <paramref name="what"/>.</summary>
    public async Task UntilAsync(Func<string, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition(Text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}. Written so far:\n{Text}");
            await Task.Delay(50);
        }
    }
}

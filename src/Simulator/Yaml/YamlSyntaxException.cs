namespace Smo.Simulator.Yaml;

/// <summary>Text that is not valid YAML, with where the parser stopped.</summary>
public sealed class YamlSyntaxException(string message, Exception? inner) : Exception(message, inner);

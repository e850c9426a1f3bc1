using System.Text.Json.Serialization;

namespace Smo.Hdag;

/// <summary><c>intent.compute</c>: per-replica resources as size intents or explicit amounts, and whether a GPU is needed.</summary>
public sealed record ComputeIntent(ResourceRequest Cpu, ResourceRequest Memory, ResourceRequest Storage, bool Gpu);

/// <summary>A resource as the descriptor states it: a size intent translated through the intent tables, or an explicit amount.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SizeIntent), "intent")]
[JsonDerivedType(typeof(ExplicitAmount), "explicit")]
public abstract record ResourceRequest;

/// <summary>A size intent such as <c>small</c>, normalised to the intent table's spelling.</summary>
public sealed record SizeIntent(string Size) : ResourceRequest;

/// <summary>An explicit amount (extension), already in the unit of its resource: cores, GiB of memory or GB of storage.</summary>
/// <param name="AsWritten">The text of the descriptor, e.g. <c>500m</c> or <c>1.5Gi</c>.</param>
public sealed record ExplicitAmount(double Amount, string AsWritten) : ResourceRequest;

namespace Smo.Functions.Placement;

/// <summary>Marks an HTTP function that answers <c>?dryRun=true</c> with the plan (see <see cref="WhatIf"/>), so its documentation shows the parameter.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WhatIfAttribute : Attribute;

using System.ComponentModel.DataAnnotations;
using Smo.Adapters.Resilience;

namespace Smo.Adapters.Nfvcl;

/// <summary>The NFVCL API (section <c>Smo:Nfvcl</c>; the original's NFVCL_BASE_URL).</summary>
public sealed class NfvclOptions
{
    public const string Section = "Smo:Nfvcl";

    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Service-network addresses a new Kubernetes blueprint reserves (the original's fixed 20).</summary>
    [Range(1, 1000)]
    public int ServiceNetworkIpCount { get; set; } = 20;

    /// <summary>
    /// Whether NFVCL may skip verifying the OpenStack API's TLS certificate (the VIM's <c>config.insecure</c>). Off: the
    /// original always sent true, which lets anyone on the path to OpenStack read the VIM's password. Turn it on only
    /// for a lab OpenStack with a self-signed certificate.
    /// </summary>
    public bool OpenStackInsecure { get; set; }

    public ResilienceOptions Resilience { get; set; } = new() { AttemptTimeout = TimeSpan.FromSeconds(30), TotalTimeout = TimeSpan.FromMinutes(2) };
}

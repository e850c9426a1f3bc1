using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Smo.Functions.Tests.Fuzzing;

/// <summary>The NFVCL routes: VIM registrations and cluster requests mutated, ids and <c>pop_area</c> filters of every odd kind, syncs.</summary>
public static class NfvclRequests
{
    public const string Family = "nfvcl";

    private static readonly string[] Ids = ["1", "2", "3", "0", "-1", "1.0", "1e3", "99999999999", "٣", "0x1", " 1", "1 ", "OS_K8S_1_ABCDE", "", "%2e%2e", "a%2Fb", "%00", "null"];

    private static readonly string[] Areas = ["pop_area=1", "pop_area=-1", "pop_area=1.5", "pop_area=abc", "pop_area=", "pop_area=99999999999", "pop_area=1&pop_area=2", "pop_area=%00"];

    public static Gen<FuzzRequest> Requests =>
        Gen.Frequency(
            (5, RegisterVim),
            (3, CreateCluster),
            (3, ById),
            (2, Syncs));

    private static Gen<FuzzRequest> RegisterVim =>
        from name in Gen.Frequency((4, Gen.Elements("os-lab", "os-edge", "os-core")), (1, FuzzValues.HostileString))
        from area in Gen.Frequency((4, Gen.Elements(0, 1, 2).Select(a => (JsonNode?)JsonValue.Create(a))), (1, FuzzValues.Number))
        let vim = new JsonObject
        {
            ["topology"] = "topology",
            ["pop_area"] = area,
            ["vim_name"] = name,
            ["vim_tenant_name"] = "smo",
            ["vim_user"] = "admin",
            ["vim_password"] = "fuzz-s3cret",
            ["vim_url"] = "http://openstack:5000/v3",
            ["mgmt_network"] = new JsonObject { ["name"] = "mgmt", ["cidr"] = "10.0.0.0/24", ["gateway"] = "10.0.0.1" },
            ["service_network"] = new JsonObject { ["name"] = "svc", ["cidr"] = "10.1.0.0/24", ["gateway"] = "10.1.0.1" },
            ["use_floating_ip"] = false,
        }
        from mutated in Gen.Frequency((2, Gen.Constant((JsonNode)vim)), (3, TreeMutations.Some(vim, 3)))
        from body in Body(mutated)
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "POST", "/vims/smo_vims", "", credentials, body);

    private static Gen<FuzzRequest> CreateCluster =>
        from area in Gen.Frequency((4, Gen.Elements(0, 1, 2).Select(a => (JsonNode?)JsonValue.Create(a))), (1, FuzzValues.Number))
        from name in Gen.Frequency((4, Gen.Elements("os-lab", "os-edge", "no-such-vim")), (1, FuzzValues.HostileString))
        let request = new JsonObject { ["pop_area"] = area, ["vim_name"] = name }
        from mutated in Gen.Frequency((3, Gen.Constant((JsonNode)request)), (2, TreeMutations.Some(request, 2)))
        from body in Body(mutated)
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, "POST", "/os_k8s/clusters", "", credentials, body);

    private static Gen<FuzzRequest> ById =>
        from route in Gen.Elements(("GET", "/vims/smo_vims/"), ("DELETE", "/vims/smo_vims/"), ("GET", "/os_k8s/cluster/"), ("DELETE", "/os_k8s/cluster/"), ("POST", "/os_k8s/scale-out/"))
        from id in Gen.Frequency((4, Gen.Elements(Ids)), (1, FuzzValues.HostileString.Select(Uri.EscapeDataString)))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, route.Item1, route.Item2 + id, "", credentials);

    private static Gen<FuzzRequest> Syncs =>
        from route in Gen.Elements(("POST", "/vims/sync/nfvcl_vims"), ("GET", "/vims/sync/nfvcl_vims"), ("POST", "/os_k8s/sync/nfvcl_k8s"), ("GET", "/vims/smo_vims"), ("GET", "/os_k8s/clusters"))
        from query in Gen.Frequency((2, Gen.Constant("")), (1, Gen.Elements(Areas)))
        from credentials in Credentials.ForApi
        select FuzzRequest.Create(Family, route.Item1, route.Item2, query, credentials);

    private static Gen<string> Body(JsonNode tree) =>
        Gen.Frequency((9, Gen.Constant(DocumentWriter.Json(tree))), (1, Gen.Elements("", "null", "[]", "{", "\"vim\"", "{\"pop_area\": 1e400}")));
}

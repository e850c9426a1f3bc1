using System.Text.Json.Nodes;

namespace Smo.Adapters.Nfvcl;

/// <summary>The topology document that registers a VIM (the original's body, field for field, TLS verification aside).</summary>
internal static class NfvclTopology
{
    /// <param name="insecure">Let NFVCL skip verifying OpenStack's certificate (<see cref="NfvclOptions.OpenStackInsecure"/>).</param>
    public static JsonObject Registration(NfvclVimRegistration vim, bool insecure) => new()
    {
        ["id"] = vim.Topology,
        ["callback"] = null,
        ["vims"] = new JsonArray(new JsonObject
        {
            ["name"] = vim.VimName,
            ["vim_type"] = "openstack",
            ["schema_version"] = "1.0",
            ["vim_url"] = vim.VimUrl,
            ["vim_tenant_name"] = vim.TenantName,
            ["vim_user"] = vim.User,
            ["vim_password"] = vim.Password,
            ["config"] = new JsonObject { ["insecure"] = insecure, ["APIversion"] = "v3.3", ["use_floating_ip"] = vim.UseFloatingIp },
            ["networks"] = new JsonArray(vim.ManagementNetwork.Name, vim.ServiceNetwork.Name),
            ["areas"] = new JsonArray(vim.PopArea),
        }),
        ["kubernetes"] = new JsonArray(),
        ["networks"] = new JsonArray(Network(vim.ManagementNetwork, withIds: false), Network(vim.ServiceNetwork, withIds: true)),
        ["routers"] = new JsonArray(),
        ["pdus"] = new JsonArray(),
        ["prometheus_srv"] = new JsonArray(),
    };

    private static JsonObject Network(NfvclNetwork network, bool withIds)
    {
        var json = new JsonObject
        {
            ["name"] = network.Name,
            ["external"] = false,
            ["type"] = "vxlan",
            ["vid"] = null,
            ["dhcp"] = true,
            ["cidr"] = network.Cidr,
            ["gateway_ip"] = network.Gateway,
        };
        if (withIds)
        {
            json["ids"] = new JsonArray();
        }

        return json;
    }
}

using Smo.Adapters;
using Smo.Adapters.Nfvcl;
using Smo.Functions.Http;
using Smo.Store.Nfvcl;

namespace Smo.Functions.Nfvcl;

/// <summary>The <c>/vims</c> routes: the OpenStack sites (VIMs) registered in NFVCL's topology.</summary>
internal static class VimFunctions
{
    /// <summary>The original's key for VIM lists, kept for its clients.</summary>
    private const string ListKey = "SMO VIMs";

    /// <summary>The only VIM type the original registered.</summary>
    private const string OpenStack = "openstack";

    /// <summary>Imports NFVCL's VIMs; one without an area cannot host a cluster, so it is reported and skipped.</summary>
    public static Task<IResult> SyncAsync(NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            var known = await backend.Nfvcl.ListVimsAsync(cancellationToken);
            var placeable = known.Where(v => v.Area is >= 0).ToList();
            var result = await backend.Vims.SyncAsync(placeable.Select(v => new NewVim(v.Area!.Value, v.Name, v.Url, v.Type, v.Networks,
                v.Networks.ElementAtOrDefault(0), v.Networks.ElementAtOrDefault(1), v.UseFloatingIp)).ToList(), cancellationToken);
            var skipped = known.Count - placeable.Count;
            backend.Log.LogInformation("Synced VIMs from NFVCL: {Added} added, {Updated} updated, {Skipped} without an area skipped",
                result.Added.Count, result.Updated.Count, skipped);
            return TypedResults.Ok(new VimsSynced(
                $"VIMs synced from NFVCL: {result.Added.Count} added, {result.Updated.Count} updated, {result.Unchanged.Count} already synced"
                    + (skipped > 0 ? $", {skipped} without an area skipped" : "") + ".",
                [.. result.Added.Concat(result.Updated).Concat(result.Unchanged).OrderBy(v => v.Id).Select(VimView.From)]));
        });

    /// <summary>Always a list under the original's key (it answered a bare string when empty and a single VIM for an area).</summary>
    public static Task<IResult> ListAsync(string? popArea, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            var vims = await backend.Vims.ListAsync(RequestFields.OptionalArea(popArea, "pop_area"), cancellationToken);
            return TypedResults.Ok(new Dictionary<string, object> { [ListKey] = vims.Select(VimView.From).ToList() });
        });

    /// <summary>Registers the VIM in NFVCL, then stores it without its password.</summary>
    public static Task<IResult> RegisterAsync(HttpRequest request, NfvclBackend backend) =>
        backend.RunAsync(async () =>
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var registration = Registration(await RequestFields.ReadBodyAsync(request));
            if (await backend.Vims.FindAsync(registration.PopArea, registration.VimName, cancellationToken) is { } existing)
            {
                return Problems.Conflict($"Area {registration.PopArea} already has VIM '{registration.VimName}' (id {existing.Id}); DELETE /vims/smo_vims/{existing.Id} first.");
            }

            try
            {
                await backend.Nfvcl.RegisterVimAsync(registration, cancellationToken);
            }
            catch (AdapterException failure)
            {
                return NfvclBackend.Upstream(failure.Message, registration.Password);
            }

            var networks = new[] { registration.ManagementNetwork.Name, registration.ServiceNetwork.Name };
            var vim = await backend.Vims.TryAddAsync(new NewVim(registration.PopArea, registration.VimName, registration.VimUrl, OpenStack, networks,
                networks[0], networks[1], registration.UseFloatingIp), cancellationToken);
            if (vim is null)
            {
                return Problems.Conflict($"Area {registration.PopArea} got VIM '{registration.VimName}' from another request meanwhile.");
            }

            backend.Log.LogInformation("Registered VIM {VimName} (id {VimId}) in area {PopArea}", vim.Name, vim.Id, vim.PopArea);
            return TypedResults.Created($"{request.PathBase}/vims/smo_vims/{vim.Id}", new NfvclMessage("VIM created successfully", Vim: VimView.From(vim)));
        });

    public static Task<IResult> GetAsync(string smoId, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
            await backend.Vims.GetAsync(VimId(smoId), cancellationToken) is { } vim ? TypedResults.Ok(VimView.From(vim)) : NotFound(smoId));

    /// <summary>Removes the VIM from NFVCL's topology (through the base URL, which the original forgot), then from SMO.</summary>
    public static Task<IResult> DeleteAsync(string smoId, NfvclBackend backend, CancellationToken cancellationToken) =>
        backend.RunAsync(async () =>
        {
            if (await backend.Vims.GetAsync(VimId(smoId), cancellationToken) is not { } vim)
            {
                return NotFound(smoId);
            }

            await backend.Nfvcl.DeleteVimAsync(vim.Name, cancellationToken);
            await backend.Vims.DeleteAsync(vim.Id, cancellationToken);
            backend.Log.LogInformation("Deleted VIM {VimName} (id {VimId}) of area {PopArea}", vim.Name, vim.Id, vim.PopArea);
            return TypedResults.Ok(new NfvclMessage("VIM deleted successfully", Vim: VimView.From(vim)));
        });

    private static NfvclVimRegistration Registration(RequestFields body) => new(
        body.Text("topology"),
        body.Area("pop_area"),
        body.Text("vim_name"),
        body.Text("vim_url"),
        body.Text("vim_tenant_name"),
        body.Text("vim_user"),
        body.Text("vim_password"),
        Network(body.Object("mgmt_network")),
        Network(body.Object("service_network")),
        body.Flag("use_floating_ip"));

    private static NfvclNetwork Network(RequestFields network) => new(network.Text("name"), network.Text("cidr"), network.Text("gateway"));

    private static int VimId(string smoId) =>
        int.TryParse(smoId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidFieldException("smo_id", $"smo_id is '{smoId}'; a VIM's smo_id is its integer id.");

    private static IResult NotFound(string smoId) => Problems.NotFound($"VIM not found: no VIM has smo_id {smoId}.");
}

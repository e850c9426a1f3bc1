using Smo.Store.Nfvcl;
using Smo.Store.Tests.Infrastructure;

namespace Smo.Store.Tests.Nfvcl;

public sealed class VimStoreTests : StoreTest
{
    private VimStore Vims => new(Context);

    private static NewVim Vim(string name = "os-lab", int area = 1, string url = "http://os:5000/v3") =>
        new(area, name, url, "openstack", ["mgmt", "svc", "extra"], "mgmt", "svc", UseFloatingIp: true);

    [Fact]
    public async Task TryAddAsync_stores_every_field_and_numbers_the_vim()
    {
        var added = await Vims.TryAddAsync(Vim());

        Assert.NotNull(added);
        Assert.True(added.Id > 0);
        Assert.Equal((1, "os-lab", "http://os:5000/v3", "openstack", "mgmt", "svc", true),
            (added.PopArea, added.Name, added.Url, added.Type, added.ManagementNetwork, added.ServiceNetwork, added.UseFloatingIp));
        Assert.Equal(["mgmt", "svc", "extra"], added.Networks);
        Assert.Equal(added.Id, (await Vims.GetAsync(added.Id))!.Id);
    }

    [Fact]
    public async Task TryAddAsync_returns_null_for_a_second_vim_of_the_same_name_in_the_area()
    {
        await Vims.TryAddAsync(Vim());

        var again = await Vims.TryAddAsync(Vim(url: "http://other"));

        Assert.Null(again);
        Assert.Equal(1, await CountAsync("vims"));
    }

    [Fact]
    public async Task TryAddAsync_accepts_the_same_name_in_another_area()
    {
        await Vims.TryAddAsync(Vim(area: 1));

        var other = await Vims.TryAddAsync(Vim(area: 2));

        Assert.NotNull(other);
        Assert.Equal(2, await CountAsync("vims"));
    }

    [Fact]
    public async Task Vims_table_has_no_column_for_a_password()
    {
        await Vims.TryAddAsync(Vim());

        var columns = await TestDatabase.ScalarAsync<string[]>(
            $"SELECT array_agg(column_name::text) FROM information_schema.columns WHERE table_schema = '{Context.Schema}' AND table_name = 'vims'");

        Assert.DoesNotContain(columns, column => column.Contains("password", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ListAsync_filters_by_area_when_given()
    {
        await Vims.TryAddAsync(Vim("a", area: 1));
        await Vims.TryAddAsync(Vim("b", area: 2));

        var area2 = await Vims.ListAsync(2);

        Assert.Equal(["b"], area2.Select(v => v.Name));
        Assert.Equal(2, (await Vims.ListAsync()).Count);
    }

    [Fact]
    public async Task SyncAsync_adds_new_updates_changed_and_keeps_unchanged_vims()
    {
        await Vims.TryAddAsync(Vim("same"));
        await Vims.TryAddAsync(Vim("moved"));

        var result = await Vims.SyncAsync([Vim("same"), Vim("moved", url: "http://new"), Vim("new")]);

        Assert.Equal(["new"], result.Added.Select(v => v.Name));
        Assert.Equal(["moved"], result.Updated.Select(v => v.Name));
        Assert.Equal(["same"], result.Unchanged.Select(v => v.Name));
        Assert.Equal("http://new", (await Vims.FindAsync(1, "moved"))!.Url);
    }

    [Fact]
    public async Task DeleteAsync_removes_the_vim_and_reports_unknown_ids()
    {
        var added = await Vims.TryAddAsync(Vim());

        Assert.True(await Vims.DeleteAsync(added!.Id));
        Assert.False(await Vims.DeleteAsync(added.Id));
        Assert.Null(await Vims.GetAsync(added.Id));
    }

    public static TheoryData<NewVim, string> InvalidVims => new()
    {
        { Vim() with { PopArea = -1 }, "pop_area" },
        { Vim() with { Name = " " }, "name" },
        { Vim() with { Networks = ["mgmt", ""] }, "networks" },
    };

    [Theory]
    [MemberData(nameof(InvalidVims))]
    public async Task TryAddAsync_rejects_invalid_vims_before_sql(NewVim vim, string expected)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Vims.TryAddAsync(vim));

        Assert.Contains(expected, error.Message);
        Assert.Equal(0, await CountAsync("vims"));
    }

    [Fact]
    public async Task SyncAsync_rejects_a_vim_listed_twice()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Vims.SyncAsync([Vim(), Vim()]));

        Assert.Contains("more than once", error.Message);
    }
}

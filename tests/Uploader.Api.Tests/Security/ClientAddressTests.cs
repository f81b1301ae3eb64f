using System.Net;
using Uploader.Api.Auth;

namespace Uploader.Api.Tests;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void Address_is_counted_as(string address, string expected) =>
        Assert.Equal(expected, ClientAddress.Of(IPAddress.Parse(address)));

    [Fact]
    public void No_remote_address_is_one_shared_unknown() => Assert.Equal(ClientAddress.Unknown, ClientAddress.Of(null));
}

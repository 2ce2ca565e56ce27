using Aegis.Serve;
using Aegis.Pipeline.Api;
using Aegis.Pipeline.Configuration;
using Aegis.ServiceDefaults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Aegis.Pipeline.Tests.Host;

public sealed class HostRoutesTests
{
    /// <summary>The Functions app's HttpTriggers are checked against the same list (FunctionsMetadataTests).</summary>
    [Fact]
    public async Task AegisServeMapsExactlyTheRoutesOfTheHTTPAPI()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AegisSettings.StorageKey] = "UseDevelopmentStorage=true",
            ["Aegis:ApiKeys"] = "routes-test-key-0123456789abcdef",
        }).Build();
        await using var app = HostApp.Build("http://127.0.0.1:0", settings);

        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            // The platform's health probe (ServiceDefaults) is not part of the API.
            .Where(endpoint => endpoint.RoutePattern.RawText != ServiceDefaultsExtensions.HealthPath)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => $"{method} {endpoint.RoutePattern.RawText}"))
            .Order()
            .ToArray();

        Assert.Equal(ApiRoutes.All.Select(route => route.Replace(" ", $" /{ApiRoutes.Prefix}/", StringComparison.Ordinal)).Order(), routes);
    }
}

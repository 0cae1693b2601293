using Arbiter.Engine.Tracing;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Arbiter.Server.Features.Metrics;

/// <summary>
/// OpenTelemetry for the service: the meter "Arbiter" (<see cref="ServiceMetrics"/>), ASP.NET
/// Core's, HttpClient's and the runtime's metrics, served on /metrics in Prometheus' text format
/// and, when an OTLP endpoint is configured (<see cref="ServerOptions.OtlpEndpoint"/> or
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), exported over OTLP with the traces of submissions
/// (<see cref="ArbiterTrace"/>). Without an endpoint no tracer is registered, so no span is
/// ever created and no trace context stored: tracing costs nothing then.
/// </summary>
internal static class Telemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddTelemetry(this WebApplicationBuilder builder, ServerOptions server)
    {
        if (!string.IsNullOrWhiteSpace(server.OtlpEndpoint))
        {
            // Arbiter's own setting wins and means exactly what the standard variable means.
            builder.Configuration.AddInMemoryCollection([new(OtlpEndpointVariable, server.OtlpEndpoint)]);
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var services = builder.Services;
        services.AddSingleton<QueueGauges>();
        services.AddSingleton<ServiceMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("arbiter")
                .AddAttributes([new("arbiter.role", Storage.WireNames.Of(server.Role)), new("process.pid", Environment.ProcessId)])
                .AddEnvironmentVariableDetector()) // OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES win
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServiceMetrics.MeterName)
                    // Made with the provider, so every instrument is on /metrics from the first
                    // scrape, not from the first use of one.
                    .AddInstrumentation(sp => sp.GetRequiredService<ServiceMetrics>())
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // Each scrape reads now: the default 300 ms cache would serve one scrape's
                    // numbers to the next. No otel_scope_name label: the series stay as they
                    // were before OpenTelemetry wrote them (our names carry their prefix).
                    .AddPrometheusExporter(o =>
                    {
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                        o.ScopeInfoEnabled = false;
                    });
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(ArbiterTrace.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperations(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
            services.AddHostedService<QueueGaugeRefresh>();
        }
    }

    /// <summary>/metrics in Prometheus' text format, open to every caller as /healthz is; the
    /// store's gauges are read just before the exporter collects.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            await http.RequestServices.GetRequiredService<QueueGauges>().RefreshAsync(http.RequestAborted).ConfigureAwait(false);
            await next(http).ConfigureAwait(false);
        }), optionsName: null);

    /// <summary>Probes and scrapes, which would bury the submissions' traces.</summary>
    private static bool IsOperations(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}

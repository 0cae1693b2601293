using Arbiter.Engine.Building;
using Arbiter.Engine.Judging;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Running;
using Arbiter.Sandbox;
using Arbiter.Server.Callbacks;
using Arbiter.Server.Features.Admin;
using Arbiter.Server.Features.Compat;
using Arbiter.Server.Features.Compat.Jobe;
using Arbiter.Server.Features.Compat.Judge0;
using Arbiter.Server.Features.Courses;
using Arbiter.Server.Features.Health;
using Arbiter.Server.Features.Languages;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Problems;
using Arbiter.Server.Features.Shares;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Features.Web;
using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Arbiter.Server;

/// <summary>
/// The service in one process: the API, workers, or both (<see cref="ServerOptions.Role"/>),
/// over SQLite by default or PostgreSQL when several processes share the work. Configuration
/// comes from appsettings.json next to the program, then environment variables prefixed
/// ARBITER__ (ARBITER__SERVER__ROLE, ARBITER__STORAGE__PROVIDER, ARBITER__SANDBOX__MAXPARALLEL),
/// then the command line; every option is validated at start.
/// </summary>
public static class ArbiterServer
{
    /// <param name="args">The command line, as <c>arbiter serve</c> passes it on.</param>
    /// <param name="time">The clock every part reads; the system's unless a test moves its own.</param>
    public static WebApplication Build(string[] args, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Below every other source, so appsettings.json or Logging__LogLevel__… override it: the
        // framework's per-request Information lines (eight a request) cost more CPU than running
        // a cached submission does. A job's start and end are Debug lines for the same reason.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")] });
        builder.Configuration.AddEnvironmentVariables("ARBITER__");
        builder.Configuration.AddCommandLine(args);
        var services = builder.Services;

        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, WorkerLanguagesValidation>();
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = server.MaxRequestBytes);
        builder.AddTelemetry(server);

        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<StoreOutage>();
        services.AddSingleton<IArbiterStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            Directory.CreateDirectory(options.DataDirectory);
            return StoreFactory.Create(sp.GetRequiredService<IOptions<StoreOptions>>().Value, options.DataDirectory);
        });
        services.AddStoreParts();
        services.AddSingleton(_ => LanguageCatalog.Load(LanguagesDirectory));
        services.AddSingleton<LanguageDirectory>();
        services.AddSingleton<ProblemLibrary>();
        services.AddSingleton<CompletionSignals>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<SubmissionIntake>();
        services.AddSingleton<CourseAccess>();
        services.AddSingleton<ResultPolicy>();
        services.AddSingleton<SubmissionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionWriter>());
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<StoreWakeUps>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = BadRequestProblems.Customize);
        // Unreadable requests throw, so BadRequestProblems can say what is wrong with them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddExceptionHandler<StoreUnavailableProblems>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json => ServerJson.Configure(json.SerializerOptions));
        AddAuthentication(services);
        services.AddSessionForgeryCheck();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<KeyQuota>();
        services.AddSingleton<RecentLogs>();
        builder.Logging.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<RecentLogs>());
        // The dashboard keeps Arbiter's Information lines even when the console is set quieter,
        // but not the framework's per-request lines, which would push them out of its 200.
        builder.Logging.AddFilter<RecentLogs>(null, LogLevel.Information);
        builder.Logging.AddFilter<RecentLogs>("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter<RecentLogs>("System", LogLevel.Warning);
        services.AddSubmissionRateLimit();
        services.AddCompat();
        services.AddOptions<CallbackOptions>().BindConfiguration(CallbackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallbackAddressPolicy>();
        // Straight to the callback's host (no proxy, which would be the one checked), through
        // the policy's ConnectCallback for the first request and every redirect.
        services.AddHttpClient(nameof(CallbackDispatcher), client => client.Timeout = CallbackDispatcher.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<CallbackAddressPolicy>().ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
            });

        if (server.RunsWorkers)
        {
            services.AddSingleton(sp => new SandboxPool(sp.GetRequiredService<IOptions<SandboxOptions>>().Value, sp.GetRequiredService<ILogger<SandboxPool>>()));
            services.AddSingleton<ISandbox>(sp => sp.GetRequiredService<SandboxPool>());
            services.AddSingleton(sp => new BuildCache(Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "builds")));
            services.AddSingleton<ProgramBuilder>();
            services.AddSingleton<Judge>();
            services.AddSingleton<TimeLimitCalibrator>();
            services.AddSingleton(sp => new PackageTimeLimits(
                sp.GetRequiredService<TimeLimitCalibrator>(),
                sp.GetRequiredService<LanguageCatalog>(),
                Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "time-limits")));
            // The engine's two use cases, the only ways the job worker builds, runs and judges.
            services.AddSingleton<SourceRunner>();
            services.AddSingleton<SubmissionJudge>();
            services.AddSingleton<StoreRetry>();
            services.AddSingleton<LanguageProbe>();
            services.AddSingleton(sp => new ProbeCache(Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "probes")));
            services.AddSingleton<OfferedLanguages>();
            services.AddSingleton<WorkerStopping>();
            // The host waits for the workers' drain and hand-back before it gives up on them.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = WorkerStopping.ShutdownTimeout(server));
            services.AddSingleton<CallbackDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<CallbackDispatcher>());
            services.AddScoped<JobProcessor>();
            services.AddHostedService<LanguageProbing>();
            services.AddHostedService<JobWorker>();
            services.AddHostedService<WorkerHeartbeat>();
            if (server.ParentProcessId is not null)
            {
                services.AddHostedService<ParentWatch>();
            }
        }

        if (server.RunsApi && server.LoadSampleProblems)
        {
            services.AddHostedService<SampleProblems>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/v1.json");
        if (server.RunsApi)
        {
            app.UseWebAssets();
        }

        app.UseJobeApiKeyHeader();
        app.UseJudge0AuthTokenHeader();
        app.UseAuthentication();
        app.UseSessionForgeryCheck();
        app.UseRateLimiter();
        app.MapHealth();
        if (server.RunsApi)
        {
            app.MapUsers();
            app.MapAntiforgeryToken();
            app.MapShares();
            app.MapCourses();
            app.MapAssignments();
            app.MapGrades();
            app.MapAdmin();
            app.MapSubmissions();
            app.MapLanguages();
            app.MapProblems();
            app.MapWorkers();
            app.MapCompat();
            app.MapWebPages();
        }

        return app;
    }

    /// <summary>
    /// Validates every option and opens (and migrates) the store before the host starts, so that
    /// a bad setting or an unreachable database stops <c>arbiter serve</c> with one clear line
    /// instead of the host's logged stack trace. Starting runs the same checks again; they are cheap.
    /// </summary>
    /// <exception cref="OptionsValidationException">An invalid option.</exception>
    /// <exception cref="ArgumentException">An incomplete storage configuration.</exception>
    /// <exception cref="StoreUnavailableException">The database cannot be reached or opened.</exception>
    /// <exception cref="SandboxUnavailableException">A worker's host lacks what the sandbox needs.</exception>
    /// <exception cref="InvalidDataException">languages/compat/ids.yaml contradicts the catalog.</exception>
    public static async Task CheckConfigurationAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var sandbox = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<CallbackOptions>>().Value;
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.RunsWorkers)
        {
            // A worker without what the sandbox needs says so now, in one line, not at its first job.
            SandboxHostCheck.ThrowIfMissing(sandbox);
        }

        _ = app.Services.GetRequiredService<IOptions<CompatOptions>>().Value;
        _ = app.Services.GetRequiredService<CompatLanguages>();
        await app.Services.GetRequiredService<IArbiterStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The languages directory: ARBITER_LANGUAGES, else the one shipped with the program.</summary>
    internal static string LanguagesDirectory =>
        Environment.GetEnvironmentVariable("ARBITER_LANGUAGES") is { Length: > 0 } custom ? custom : LanguageCatalog.DefaultDirectory;

    /// <summary>A bearer API key when one is sent, otherwise the session cookie of the web
    /// sign-in. The cookie is HttpOnly and SameSite=Strict (no cross-site request carries it);
    /// an API call never gets a login redirect, only 401 or 403.</summary>
    private static void AddAuthentication(IServiceCollection services)
    {
        const string either = "ApiKeyOrCookie";
        services.AddAuthentication(either)
            .AddPolicyScheme(either, either, policy => policy.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? ApiKeys.Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeys.Scheme, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = SessionCookie.Name;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
                cookie.SlidingExpiration = true;
                // A session follows its user: a deleted user, or one whose password changed since
                // the session began, is signed out; a new role applies at the next request, not
                // at the next sign-in.
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                    var store = context.HttpContext.RequestServices.GetRequiredService<IArbiterStore>();
                    if (id is null || await store.GetUserAsync(id, context.HttpContext.RequestAborted) is not { } user || !Caller.IsCurrentSession(context.Principal!, user))
                    {
                        context.RejectPrincipal();
                    }
                    else if (user.Role != Caller.RoleOf(context.Principal!))
                    {
                        context.ReplacePrincipal(Caller.SessionPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme));
                    }
                };
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
    }
}

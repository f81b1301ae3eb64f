using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Uploader.Api.Auth;
using Uploader.Api.Configuration;
using Uploader.Api.Expiry;
using Uploader.Api.Health;
using Uploader.Api.Merges;
using Uploader.Api.Metrics;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Api.Runtime;
using Uploader.Api.Tus;
using Uploader.Api.Uploads;
using Uploader.Application.Auth;
using Uploader.Application.Behaviours;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Infrastructure;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Api;

internal static class ServiceRegistration
{
    public static IServiceCollection AddUploaderServices(this IServiceCollection services, UploaderSettings settings, ApiKey key)
    {
        var policy = settings.ToUploadPolicy();
        services.AddSingleton(settings);
        services.AddSingleton(policy);
        services.AddSingleton(settings.ToRetentionPolicy());
        services.AddSingleton(settings.ToLeasePolicy());
        services.AddExpirySweep();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ProblemWriter>();
        services.AddUploaderMetrics();
        services.AddSingleton(provider => new UploadSlots(
            settings.ConcurrentUploads,
            UploadSlots.ShareOf(settings.ConcurrentUploads, settings.MaxUploadsPerClient),
            TimeSpan.FromSeconds(settings.UploadQueueTimeout),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ChunkBodyLimit>();
        services.AddScoped<ChunkUploadFormReader>();
        services.AddScoped<MergeRequestReader>();
        services.AddScoped<TusPatchWriter>();
        services.AddBackgroundMerges();
        services.AddSingleton<IProcessInspector, CurrentProcessInspector>();
        services.AddUploaderHealthChecks(settings, policy);

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(UploadChunkCommand)];
            // The merge metrics come before validation so that a refused merge is counted with its code; chunks are counted
            // by the action's outermost filter, which also sees refusals made before a command exists. The staged chunk's
            // owner is outermost, so that a chunk refused anywhere in the pipeline is removed.
            options.PipelineBehaviors =
            [
                typeof(StagedChunkLifetimeBehaviour),
                typeof(LoggingBehaviour<,>),
                typeof(MergeMetricsBehaviour<,>),
                typeof(ValidationBehaviour<,>),
            ];
        });
        services.AddScoped<TaskRemoval>();
        ValidationFieldNames.Install();
        services.AddScoped<MergeAssembly>();
        services.AddSingleton<MergeLeasing>();
        services.AddScoped<InterruptedMerge>();
        services.AddValidatorsFromAssemblyContaining<UploadChunkValidator>(ServiceLifetime.Singleton);

        services.AddInfrastructure(new InfrastructureSettings(
            settings.DatabaseProvider,
            settings.Database,
            settings.UploadDir,
            settings.MergedDir,
            settings.EnableAtomicOperations,
            new RetrySettings(settings.RetryMaxAttempts, TimeSpan.FromMilliseconds(settings.RetryInitialDelay)),
            policy.HardFloorBytes,
            settings.InstanceId,
            settings.ToS3Settings()));

        services.AddControllers(mvc =>
            {
                // No action binds form fields: bodies are read by the endpoints' own readers. Without these, MVC never
                // parses a form before them, so a form MVC cannot bind (jQuery-style keys that clash) is no 500.
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
            })
            .AddJsonOptions(json =>
            {
                json.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
                json.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            })
            .ConfigureApiBehaviorOptions(api =>
            {
                api.InvalidModelStateResponseFactory = InvalidModelState;

                // MVC's own bodies for bare 4xx results (415, 404, ...) lack the contract's code: leave the body
                // empty so the status-code page writes the contract's problem instead.
                api.SuppressMapClientErrors = true;
            });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails();

        services.AddSingleton(key);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        // Nothing here protects payloads, but authentication registers data protection, whose start-up service
        // builds a key ring in $HOME/.aspnet, outside the configured folders: keep keys in memory, and drop that
        // service so no key is made at all.
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        foreach (var keyRingWarmUp in services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.Assembly == typeof(KeyManagementOptions).Assembly).ToList())
        {
            services.Remove(keyRingWarmUp);
        }
        services.AddSingleton(settings.ToSessionPolicy());
        services.AddScoped<KeyLockout>();
        services.AddScoped<KeyCheck>();
        services.AddScoped<WebSessions>();
        if (settings.TrustedProxies.Count > 0)
        {
            services.Configure<ForwardedHeadersOptions>(options => TrustedProxies.Configure(options, settings.TrustedProxies));
        }
        services.AddAuthorization();

        services.AddCors(cors => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins([.. settings.CorsOrigins]).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders(TusHeaders.Exposed)));

        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Uploader",
                Version = "v1",
                Description = "Chunked, resumable file uploads. Every error is application/problem+json with a stable `code`; see docs/api.md.",
            });
            swagger.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "The API key (config secret_key, or data/secret.key generated at first start).",
            });
            swagger.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The same API key, sent as `Authorization: Bearer <key>`.",
            });
            swagger.AddSecurityDefinition(SessionCookie.Name, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionCookie.Name,
                Description = "A web session from POST /go-uploader/auth/login. A state-changing request it alone authenticates must come from the server's own origin (403 forbidden_origin).",
            });
            swagger.SupportNonNullableReferenceTypes();
            swagger.NonNullableReferenceTypesAsRequired();
            swagger.OperationFilter<UploaderOperationFilter>();
            swagger.ParameterFilter<TaskStatusParameterFilter>();
            swagger.SchemaFilter<ProblemSchemaFilter>();
            swagger.DocumentFilter<MetricsDocumentFilter>();
            swagger.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "Uploader.Api.xml"));
        });
        return services;
    }

    private static ProblemResult InvalidModelState(ActionContext context)
    {
        var errors = context.ModelState
            .Where(e => e.Value is { Errors.Count: > 0 })
            .ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());
        var writer = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
        return writer.Result(
            context.HttpContext, ErrorCodes.ValidationFailed, "One or more fields are not valid.",
            new Dictionary<string, object?> { ["errors"] = errors });
    }
}

using Polly;
using Polly.Retry;

namespace Uploader.Client;

/// <summary>
/// Retries one whole operation (which builds its request and content anew each attempt) with exponential backoff
/// and jitter, honouring Retry-After; each attempt has its own timeout.
/// </summary>
internal sealed class RetryPipeline
{
    private static readonly ResiliencePropertyKey<Action<RetryNotice>> OnRetryKey = new("uploader.on-retry");

    private readonly ResiliencePipeline _pipeline;

    public RetryPipeline(UploaderClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder();
        if (options.RetryMaxAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.RetryMaxAttempts,
                Delay = options.RetryInitialDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(TransientFaults.IsRetryable(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is UploaderApiException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(OnRetryKey, out var notify))
                    {
                        notify(new RetryNotice(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception));
                    }

                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails for good, or the retries run out. Running out on
    /// connection failures or timeouts throws <see cref="UploaderApiException"/> <c>unreachable</c>.
    /// <paramref name="onRetry"/> hears of each retry before its wait.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, Action<RetryNotice>? onRetry, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (onRetry is not null)
        {
            context.Properties.Set(OnRetryKey, onRetry);
        }

        try
        {
            return await _pipeline.ExecuteAsync(static (context, attempt) => attempt(context.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        catch (Exception ex) when (TransientFaults.IsNoAnswer(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new UploaderApiException(0, UploaderApiException.UnreachableCode, ex.Message, innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}

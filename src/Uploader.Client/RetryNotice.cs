namespace Uploader.Client;

/// <summary>A request is about to be tried again: its <paramref name="Attempt"/>-th retry, after <paramref name="Delay"/>.</summary>
internal readonly record struct RetryNotice(int Attempt, TimeSpan Delay, Exception? Failure);

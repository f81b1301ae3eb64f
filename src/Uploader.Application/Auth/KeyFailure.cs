namespace Uploader.Application.Auth;

/// <summary>What one counted wrong key did.</summary>
/// <param name="LockedOut">This wrong key is the one that locked its address out.</param>
/// <param name="SpentBudget">This wrong key is the one that spent the global budget.</param>
public sealed record KeyFailure(bool LockedOut, bool SpentBudget);

namespace Uploader.Domain.Errors;

/// <summary>A rule of the upload model refused a change; the state is left as it was.</summary>
public abstract class DomainException : Exception
{
    protected DomainException(string message)
        : base(message)
    {
    }
}

namespace Uploader.Domain.Tus;

/// <summary>An upload's part in tus concatenation: pieces sent in parallel (partial), then one file made of them (final).</summary>
public enum TusConcatenation
{
    None,

    /// <summary>A piece of a file: kept as sent, merged into nothing on its own.</summary>
    Partial,

    /// <summary>The file its partial uploads make, created whole: it takes no PATCH.</summary>
    Final,
}

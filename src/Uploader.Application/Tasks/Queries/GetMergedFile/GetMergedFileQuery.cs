using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Queries.GetMergedFile;

/// <summary>The merged file of a completed task, opened for reading.</summary>
public sealed record GetMergedFileQuery(string? FileId) : IQuery<MergedFileDownload>;

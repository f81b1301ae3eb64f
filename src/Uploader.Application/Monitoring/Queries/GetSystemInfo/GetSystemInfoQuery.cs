using Mediator;
using Uploader.Application.Monitoring.Views;

namespace Uploader.Application.Monitoring.Queries.GetSystemInfo;

/// <summary>What an operator wants to see at a glance: the process, the task store and the volumes.</summary>
public sealed record GetSystemInfoQuery : IQuery<SystemInfoView>;

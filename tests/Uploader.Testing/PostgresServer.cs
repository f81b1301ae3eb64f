using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Uploader.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster: Debian's binaries (installed with apt-get when missing and running as root),
/// <c>initdb</c> as the <c>postgres</c> user (initdb refuses root) into a temp folder, the server on a free loopback
/// port with its socket in that folder and a random password (scram-sha-256, so connection strings carry a secret
/// as they do in production). <see cref="SharedAsync"/> is the one server of a test process; each test class asks
/// it for a fresh database (<see cref="CreateDatabaseAsync"/>).
/// <para>
/// The server runs under a small shell that stops it (SIGINT, PostgreSQL's fast shutdown) as soon as its standard
/// input closes. This process holds the only writer of that pipe, so the server goes down when this process ends
/// however it ends, SIGKILL included; <see cref="Dispose"/> and a process-exit hook close it on purpose and wait,
/// then remove the folder.
/// </para>
/// </summary>
public sealed class PostgresServer : IDisposable, IAsyncDisposable
{
    public const string User = "postgres";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock InstallGate = new();
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartAsync(durable: false));

    /// <summary>Waits for EOF on stdin, then stops the server the same way <c>pg_ctl stop -m fast</c> does.</summary>
    private const string Watchdog = """
        "$@" >>"$PGLOG" 2>&1 &
        pid=$!
        read -r _ || true
        kill -INT "$pid" 2>/dev/null
        wait "$pid"
        rm -rf "$PGHOME" 2>/dev/null
        """;

    private readonly TempFolder _folder;
    private readonly Process _process;
    private readonly string _password;
    private int _databases;
    private int _disposed;

    private PostgresServer(TempFolder folder, Process process, int port, string password)
    {
        _folder = folder;
        _process = process;
        Port = port;
        _password = password;
    }

    public string Host { get; } = "127.0.0.1";

    /// <summary>The temp folder holding the data, the socket and the log; gone once disposed.</summary>
    public string Folder => _folder.Path;

    public int Port { get; }

    /// <summary>The server's log so far (start-up, errors, fast shutdown).</summary>
    public string Log => ReadShared(LogPath(_folder));

    /// <summary>The data folder's postmaster.pid names the server's process while it runs.</summary>
    public int? PostmasterId => ReadPostmasterId(_folder);

    /// <summary>
    /// The test process's one server, started on first use and stopped when the process exits. Not durable
    /// (fsync off): tests see every transactional behaviour, only a power cut would lose what they wrote.
    /// </summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>
    /// <see cref="SharedAsync"/> for synchronous callers (a config file written before a server starts); started on
    /// the thread pool, so no test's synchronization context is waited on.
    /// </summary>
    public static PostgresServer Shared() => Task.Run(SharedAsync).GetAwaiter().GetResult();

    /// <param name="durable">
    /// false turns fsync, synchronous_commit and full_page_writes off, for tests on a shared machine; a benchmark
    /// that measures commits passes true.
    /// </param>
    public static async Task<PostgresServer> StartAsync(bool durable = true)
    {
        var binaries = Binaries();
        var folder = new TempFolder();
        try
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await PrepareFolderAsync(folder, password);
            await RunAsync(AsPostgres(
                Path.Combine(binaries, "initdb"), "-D", DataPath(folder), "-U", User, "--auth=scram-sha-256",
                "--pwfile", folder.Combine("pwfile"), "--encoding=UTF8", "--no-locale", "--no-sync"));
            File.Delete(folder.Combine("pwfile"));

            var port = ServerPortFree();
            var process = StartWatched(folder, binaries, port, durable);
            var server = new PostgresServer(folder, process, port, password);
            try
            {
                await server.WaitUntilReadyAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <summary>An Npgsql connection string to <paramref name="database"/> on this server, password included.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = User,
        Password = _password,
        Database = database,
        // Test classes come and go with their databases: idle pooled connections are closed soon, so that hundreds
        // of databases over a run stay well under max_connections.
        ConnectionIdleLifetime = 10,
        ConnectionPruningInterval = 5,
    }.ConnectionString;

    /// <summary>Creates an empty database named <paramref name="name"/> (a fresh unique name when null) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\";";
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary><see cref="CreateDatabaseAsync"/> for synchronous callers.</summary>
    public string CreateDatabase(string? name = null) => Task.Run(() => CreateDatabaseAsync(name)).GetAwaiter().GetResult();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the watchdog's input (fast shutdown), waits, kills what is left, removes the folder.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            _process.StandardInput.Close();
            if (!_process.WaitForExit(StopTimeout))
            {
                KillPostmaster();

                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(StopTimeout);
            }
        }
        finally
        {
            _process.Dispose();
            _folder.Dispose();
        }
    }

    private void KillPostmaster()
    {
        if (PostmasterId is not { } postmaster)
        {
            return;
        }

        try
        {
            using var stuck = Process.GetProcessById(postmaster);
            stuck.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // It exited between reading postmaster.pid and the kill: what the kill was for.
        }
    }

    private static Process StartWatched(TempFolder folder, string binaries, int port, bool durable)
    {
        List<string> server =
        [
            Path.Combine(binaries, "postgres"), "-D", DataPath(folder), "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", folder.Combine("socket"), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=500",
            "-c", "shared_buffers=32MB",
        ];
        if (!durable)
        {
            server.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var start = AsPostgres(["/bin/sh", "-c", Watchdog, "sh", .. server]);
        start.RedirectStandardInput = true;
        start.Environment["PGLOG"] = LogPath(folder);

        // The watchdog removes the cluster itself: a test host ended before its exit hook ran (vstest does not wait
        // for it) would otherwise leave gigabytes of data and WAL in the temp folder on every run.
        start.Environment["PGHOME"] = folder.Path;
        return Process.Start(start) ?? throw new InvalidOperationException("the PostgreSQL watchdog did not start");
    }

    /// <summary>
    /// A FATAL line other than the one the server writes for each of this wait's own connection attempts that arrive
    /// before it accepts connections ("the database system is starting up"), which only means "try again".
    /// </summary>
    public static bool StartFailed(string log) =>
        log.Split('\n').Any(line => line.Contains("FATAL:", StringComparison.Ordinal)
            && !line.Contains("the database system is starting up", StringComparison.Ordinal));

    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        var connectionString = ConnectionString("postgres");
        while (true)
        {
            if (_process.HasExited || StartFailed(Log))
            {
                throw new InvalidOperationException($"PostgreSQL did not start:\n{Log}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (waited.Elapsed < StartupTimeout)
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException ex)
            {
                throw new InvalidOperationException($"PostgreSQL did not accept connections within {StartupTimeout}:\n{Log}", ex);
            }
        }
    }

    /// <summary>The folder for the data, the socket and the log, owned by the postgres user when this process is root.</summary>
    private static async Task PrepareFolderAsync(TempFolder folder, string password)
    {
        Directory.CreateDirectory(folder.Combine("socket"));
        await File.WriteAllTextAsync(folder.Combine("pwfile"), password + "\n");
        await File.WriteAllTextAsync(LogPath(folder), string.Empty);
        if (IsRoot())
        {
            await RunAsync(Start("chown", "-R", $"{User}:{User}", folder.Path));
        }
    }

    /// <summary>The newest /usr/lib/postgresql/N/bin, with Debian's postgresql package installed first when there is none.</summary>
    private static string Binaries()
    {
        lock (InstallGate)
        {
            if (Find() is { } found)
            {
                return found;
            }

            if (!IsRoot())
            {
                throw new InvalidOperationException($"No PostgreSQL under {BinariesRoot}/*/bin; install Debian's postgresql package.");
            }

            RunAsync(Start("apt-get", "update", "-qq")).GetAwaiter().GetResult();
            RunAsync(Start("apt-get", "install", "-y", "-qq", "postgresql")).GetAwaiter().GetResult();
            return Find() ?? throw new InvalidOperationException("apt-get installed no PostgreSQL under " + BinariesRoot);
        }

        static string? Find() => Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }

    /// <summary>Runs a command as the postgres user: through runuser when root, as this user otherwise.</summary>
    private static ProcessStartInfo AsPostgres(params string[] command) =>
        IsRoot() ? Start(["runuser", "-u", User, "--", .. command]) : Start(command);

    private static ProcessStartInfo Start(params string[] command)
    {
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await output}{await error}");
        }
    }

    private static bool IsRoot() => Environment.IsPrivilegedProcess;

    private static int ServerPortFree() => ServerProcess.FreePort();

    private static string DataPath(TempFolder folder) => folder.Combine("data");

    private static string LogPath(TempFolder folder) => folder.Combine("postgres.log");

    private static int? ReadPostmasterId(TempFolder folder)
    {
        var pidFile = Path.Combine(DataPath(folder), "postmaster.pid");
        var first = File.Exists(pidFile) ? ReadShared(pidFile).Split('\n')[0] : null;
        return int.TryParse(first, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.CompilerServices;

namespace Drydock.Verification.Load;

/// <summary>What a closed-model connection does next, decided by the run.</summary>
internal enum RequestSlot
{
    /// <summary>Send no more: the window closed, the request count is reached, or the run was cancelled.</summary>
    Stop,
    /// <summary>Send, unmeasured (warm-up).</summary>
    WarmUp,
    /// <summary>Send and record it (already counted as sent).</summary>
    Measured,
}

/// <summary>The run a closed-model loop serves: its target, its bounds, and where measured requests go.</summary>
internal interface IClosedLoopRun
{
    LoadTarget Target { get; }

    long TimeoutTicks { get; }

    bool Stopping { get; }

    RequestSlot Claim(long now);

    void Record(in Exchange exchange);
}

/// <summary>
/// The closed model's engine, built like wrk's: a few dedicated threads (one per core, at most one per connection),
/// each driving its share of the connections through one epoll set with non-blocking sockets. Each pass reads every
/// ready answer, then writes the next request on every connection whose answer completed; latency runs from just
/// before that write to the moment the answer is parsed whole, where wrk measures it. No thread-pool hop, no task
/// per request, no allocation per request.
/// </summary>
internal sealed class ClosedEventLoop : IDisposable
{
    private const int IdleWaitMs = 10;
    private static readonly long ScanPeriod = Stopwatch.Frequency / 1000;
    private static readonly long MaxBackoff = Stopwatch.Frequency / 10;

    private readonly IPEndPoint _endPoint;
    private readonly Connection[] _connections;
    private readonly int _threads;
    private long _connects;

    public ClosedEventLoop(IPEndPoint endPoint, int connections, int threads)
    {
        _endPoint = endPoint;
        _connections = new Connection[connections];
        for (var index = 0; index < connections; index++)
        {
            _connections[index] = new Connection();
        }
        _threads = Math.Clamp(threads, 1, connections);
    }

    public static bool IsSupported => EpollSet.IsSupported;

    /// <summary>Connections (re)opened successfully, including the first ones.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connects);

    /// <summary>
    /// Opens every connection before the clock starts, as wrk does. A connection that fails is left closed; its first
    /// request connects again and counts the error.
    /// </summary>
    public void Preconnect(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var connection in _connections)
        {
            var socket = NewSocket();
            try
            {
                socket.Connect(_endPoint);
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                // Completes below.
            }
            catch (SocketException)
            {
                socket.Dispose();
                continue;
            }
            connection.Socket = socket;
        }
        foreach (var connection in _connections)
        {
            if (connection.Socket is not { } socket)
            {
                continue;
            }
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining > TimeSpan.Zero && socket.Poll(remaining, SelectMode.SelectWrite) && ConnectError(socket) == SocketError.Success)
            {
                _connects++;
            }
            else
            {
                socket.Dispose();
                connection.Socket = null;
            }
        }
    }

    /// <summary>Runs the loop threads until every connection has stopped; requests in flight get the request timeout.</summary>
    public Task RunAsync(IClosedLoopRun run)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remaining = _threads;
        for (var thread = 0; thread < _threads; thread++)
        {
            var share = _connections.Where((_, index) => index % _threads == thread).ToArray();
            new Thread(() =>
            {
                try
                {
                    new Driver(this, run, share).Run();
                }
                catch (Exception error)
                {
                    done.TrySetException(error);
                }
                if (Interlocked.Decrement(ref remaining) == 0)
                {
                    done.TrySetResult();
                }
            })
            {
                IsBackground = true,
                Name = $"drydock-load-loop-{thread}",
            }.Start();
        }
        return done.Task;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Socket?.Dispose();
            connection.Socket = null;
        }
    }

    private Socket NewSocket() => new(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };

    private static SocketError ConnectError(Socket socket) => (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;

    private static string Describe(SocketError error) => $"{error}: {new SocketException((int)error).Message}";

    private enum Phase
    {
        Idle,
        Connecting,
        Sending,
        Receiving,
        Backoff,
        Stopped,
    }

    /// <summary>One keep-alive connection's state between events; touched only by its loop thread during the run.</summary>
    private sealed class Connection
    {
        public readonly ResponseReader Reader = new();
        public int Token;
        public Socket? Socket;
        public bool Registered;
        public bool WatchingWrites;
        public Phase Phase;
        public bool Measured;
        public bool Fresh;
        public bool Retried;
        public int Written;
        public long SentAt;
        public long FirstByteAt;
        public long Received;
        public long Deadline;
        public long WakeAt;
        public long Backoff;
    }

    /// <summary>One loop thread and its share of the connections.</summary>
    private sealed class Driver
    {
        private readonly ClosedEventLoop _loop;
        private readonly IClosedLoopRun _run;
        private readonly Connection[] _connections;
        private List<Connection> _ready;
        private List<Connection> _batch;
        private readonly byte[] _request;
        private readonly bool _isHead;
        private EpollSet _epoll = null!;
        private int _active;
        private int _backingOff;

        public Driver(ClosedEventLoop loop, IClosedLoopRun run, Connection[] connections)
        {
            _loop = loop;
            _run = run;
            _connections = connections;
            _ready = new List<Connection>(connections.Length);
            _batch = new List<Connection>(connections.Length);
            for (var index = 0; index < connections.Length; index++)
            {
                connections[index].Token = index;
            }
            _request = run.Target.RequestBytes.ToArray();
            _isHead = run.Target.IsHead;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            using var epoll = new EpollSet(_connections.Length);
            _epoll = epoll;
            foreach (var connection in _connections)
            {
                if (connection.Socket is { } socket)
                {
                    Register(connection, socket, EpollSet.Readable);
                }
                connection.Phase = Phase.Idle;
                _ready.Add(connection);
            }
            _active = _connections.Length;
            var nextScan = Stopwatch.GetTimestamp() + ScanPeriod;
            try
            {
                while (!_run.Stopping)
                {
                    // The writes of this pass, after all of its reads: wrk's order. A request that fails at once (a
                    // refused connect, a failed write) lands in the next batch.
                    (_batch, _ready) = (_ready, _batch);
                    foreach (var connection in _batch)
                    {
                        Start(connection);
                    }
                    _batch.Clear();
                    if (_active == 0)
                    {
                        return;
                    }
                    var count = epoll.Wait(_ready.Count > 0 ? 0 : _backingOff > 0 ? 1 : IdleWaitMs);
                    for (var index = 0; index < count; index++)
                    {
                        var (token, events) = epoll[index];
                        OnEvent(_connections[token], events);
                    }
                    var now = Stopwatch.GetTimestamp();
                    if (now >= nextScan)
                    {
                        Scan(now);
                        nextScan = now + ScanPeriod;
                    }
                }
            }
            finally
            {
                foreach (var connection in _connections)
                {
                    Close(connection);
                }
            }
        }

        private void Register(Connection connection, Socket socket, uint events)
        {
            if (connection.Registered)
            {
                _epoll.Change(socket, connection.Token, events);
            }
            else
            {
                _epoll.Add(socket, connection.Token, events);
                connection.Registered = true;
            }
            connection.WatchingWrites = (events & EpollSet.Writable) != 0;
        }

        /// <summary>Begins the connection's next request, or stops it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Start(Connection connection)
        {
            var now = Stopwatch.GetTimestamp();
            var slot = _run.Claim(now);
            if (slot == RequestSlot.Stop)
            {
                connection.Phase = Phase.Stopped;
                _active--;
                return;
            }
            connection.Measured = slot == RequestSlot.Measured;
            connection.SentAt = now;
            connection.Deadline = now + _run.TimeoutTicks;
            connection.FirstByteAt = 0;
            connection.Received = 0;
            connection.Retried = false;
            Transmit(connection);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Transmit(Connection connection)
        {
            connection.Written = 0;
            if (connection.Socket is null)
            {
                Connect(connection);
            }
            else
            {
                connection.Fresh = false;
                Write(connection);
            }
        }

        private void Connect(Connection connection)
        {
            connection.Fresh = true;
            connection.Reader.Clear();
            var socket = _loop.NewSocket();
            connection.Socket = socket;
            try
            {
                socket.Connect(_loop._endPoint);
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                connection.Phase = Phase.Connecting;
                Register(connection, socket, EpollSet.Writable);
                return;
            }
            catch (SocketException error)
            {
                Fail(connection, TransportError.Connect, Describe(error.SocketErrorCode));
                return;
            }
            Connected(connection, socket);
        }

        private void Connected(Connection connection, Socket socket)
        {
            Interlocked.Increment(ref _loop._connects);
            Register(connection, socket, EpollSet.Readable);
            Write(connection);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Write(Connection connection)
        {
            var socket = connection.Socket!;
            while (connection.Written < _request.Length)
            {
                var written = socket.Send(_request.AsSpan(connection.Written), SocketFlags.None, out var error);
                if (error == SocketError.Success)
                {
                    connection.Written += written;
                    continue;
                }
                if (error == SocketError.WouldBlock)
                {
                    connection.Phase = Phase.Sending;
                    Register(connection, socket, EpollSet.Readable | EpollSet.Writable);
                    return;
                }
                if (RetryStale(connection))
                {
                    return;
                }
                Fail(connection, TransportError.Write, Describe(error));
                return;
            }
            if (connection.WatchingWrites)
            {
                Register(connection, socket, EpollSet.Readable);
            }
            connection.Phase = Phase.Receiving;
            connection.Reader.Begin(_isHead);
            // Bytes that arrived ahead of this request count toward its answer (level-triggered epoll would not say).
            Parse(connection);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void OnEvent(Connection connection, uint events)
        {
            switch (connection.Phase)
            {
                case Phase.Connecting:
                    var error = ConnectError(connection.Socket!);
                    if (error == SocketError.Success)
                    {
                        Connected(connection, connection.Socket!);
                    }
                    else
                    {
                        Fail(connection, TransportError.Connect, Describe(error));
                    }
                    break;
                case Phase.Sending when (events & (EpollSet.Writable | EpollSet.Error | EpollSet.HangUp)) != 0:
                    Write(connection);
                    break;
                case Phase.Receiving:
                    Read(connection);
                    break;
                case Phase.Idle or Phase.Backoff or Phase.Stopped:
                    // Nothing was asked: the server closed an idle connection (or spoke out of turn). Level-triggered
                    // epoll would report it on every pass, so close it; the next request reconnects.
                    Close(connection);
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Read(Connection connection)
        {
            var socket = connection.Socket!;
            while (true)
            {
                Memory<byte> space;
                try
                {
                    space = connection.Reader.FreeSpace();
                }
                catch (InvalidResponseException error)
                {
                    Fail(connection, TransportError.Read, error.Message);
                    return;
                }
                var read = socket.Receive(space.Span, SocketFlags.None, out var socketError);
                if (socketError == SocketError.WouldBlock)
                {
                    return;
                }
                if (socketError != SocketError.Success)
                {
                    if (connection.Received != 0 || !RetryStale(connection))
                    {
                        Fail(connection, TransportError.Read, Describe(socketError));
                    }
                    return;
                }
                if (read == 0)
                {
                    EndOfStream(connection);
                    return;
                }
                if (connection.Received == 0)
                {
                    connection.FirstByteAt = Stopwatch.GetTimestamp();
                }
                connection.Received += read;
                connection.Reader.Commit(read);
                if (Parse(connection) || read < space.Length)
                {
                    // Answered, or drained for now: the next readable event brings the rest.
                    return;
                }
            }
        }

        /// <summary>Parses what has arrived; completes the request when its answer is whole. True when it is done.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Parse(Connection connection)
        {
            try
            {
                if (!connection.Reader.Advance())
                {
                    return false;
                }
            }
            catch (InvalidResponseException error)
            {
                Fail(connection, TransportError.Read, error.Message);
                return true;
            }
            Complete(connection);
            return true;
        }

        private void EndOfStream(Connection connection)
        {
            try
            {
                connection.Reader.EndOfStream(nothingReceived: connection.Received == 0);
            }
            catch (StaleConnectionException error)
            {
                if (!RetryStale(connection))
                {
                    Fail(connection, TransportError.Read, error.Message);
                }
                return;
            }
            catch (InvalidResponseException error)
            {
                Fail(connection, TransportError.Read, error.Message);
                return;
            }
            Complete(connection);
        }

        /// <summary>
        /// A kept-alive connection the server had closed or reset before this request: reopen it and send once more,
        /// as HTTP clients do, so idle-timeout closes are not errors.
        /// </summary>
        private bool RetryStale(Connection connection)
        {
            if (connection.Fresh || connection.Retried)
            {
                return false;
            }
            connection.Retried = true;
            Close(connection);
            Transmit(connection);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Complete(Connection connection)
        {
            var exchange = new Exchange(
                connection.Reader.Status, TransportError.None, connection.SentAt, connection.FirstByteAt,
                Stopwatch.GetTimestamp(), _request.Length, connection.Received, null);
            if (!connection.Reader.KeepAlive)
            {
                Close(connection);
            }
            connection.Backoff = 0;
            Finish(connection, exchange);
            _ready.Add(connection);
        }

        private void Fail(Connection connection, TransportError error, string detail)
        {
            Close(connection);
            var now = Stopwatch.GetTimestamp();
            Finish(connection, new Exchange(0, error, connection.SentAt, connection.FirstByteAt, now, 0, connection.Received, detail));
            if (error == TransportError.Connect)
            {
                // Nothing listens: back off (1 ms doubling to 100 ms) rather than spin on refused connections.
                connection.Backoff = connection.Backoff == 0 ? Stopwatch.Frequency / 1000 : Math.Min(connection.Backoff * 2, MaxBackoff);
                connection.WakeAt = now + connection.Backoff;
                connection.Phase = Phase.Backoff;
                _backingOff++;
            }
            else
            {
                connection.Backoff = 0;
                _ready.Add(connection);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Finish(Connection connection, in Exchange exchange)
        {
            connection.Phase = Phase.Idle;
            if (connection.Measured)
            {
                _run.Record(exchange);
            }
        }

        /// <summary>Times out overdue requests and wakes connections whose back-off is over.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Scan(long now)
        {
            foreach (var connection in _connections)
            {
                if (connection.Phase is Phase.Connecting or Phase.Sending or Phase.Receiving && now > connection.Deadline)
                {
                    Fail(connection, TransportError.Timeout, "no complete answer within the request timeout");
                }
                else if (connection.Phase == Phase.Backoff && now >= connection.WakeAt)
                {
                    connection.Phase = Phase.Idle;
                    _backingOff--;
                    _ready.Add(connection);
                }
            }
        }

        private void Close(Connection connection)
        {
            if (connection.Socket is not { } socket)
            {
                return;
            }
            if (connection.Registered)
            {
                _epoll.Remove(socket);
                connection.Registered = false;
            }
            connection.WatchingWrites = false;
            socket.Dispose();
            connection.Socket = null;
            connection.Reader.Clear();
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Drydock.Verification.Load;

namespace Drydock.Tests.Verification.Load;

/// <summary>The epoll binding the closed model's event loop runs on, against a real socket pair on 127.0.0.1.</summary>
public sealed class EpollSetTests
{
    [Fact]
    public void It_is_available_on_this_linux_machine()
    {
        // The closed model's wrk-like loop needs it; on this repository's Linux x64 machines it must be there.
        if (OperatingSystem.IsLinux())
        {
            EpollSet.IsSupported.ShouldBeTrue();
        }
    }

    [Fact]
    public void Readiness_comes_back_with_the_registered_token()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using var server = listener.Accept();
        client.Blocking = false;

        using var epoll = new EpollSet(4);
        epoll.Add(client, 7, EpollSet.Readable);
        epoll.Wait(0).ShouldBe(0);

        server.Send("x"u8);
        epoll.Wait(1000).ShouldBe(1);
        var (token, events) = epoll[0];
        token.ShouldBe(7);
        (events & EpollSet.Readable).ShouldNotBe(0u);

        // Watching writes too: an idle connected socket is writable at once.
        epoll.Change(client, 9, EpollSet.Writable);
        epoll.Wait(1000).ShouldBe(1);
        epoll[0].Token.ShouldBe(9);
        (epoll[0].Events & EpollSet.Writable).ShouldNotBe(0u);

        epoll.Remove(client);
        epoll.Wait(0).ShouldBe(0);
    }
}

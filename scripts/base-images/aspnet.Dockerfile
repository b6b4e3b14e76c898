# The installed .NET and ASP.NET Core shared runtimes with their libraries, on the busybox base.
FROM drydock-base/busybox:1.35
COPY rootfs/ /
ENV DOTNET_ROOT=/usr/share/dotnet \
    PATH=/usr/share/dotnet:/bin:/usr/bin \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER 1000:1000
WORKDIR /home/app

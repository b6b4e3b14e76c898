# The installed .NET SDK and targeting packs on the ASP.NET base, for multi-stage builds with no NuGet access.
FROM drydock-base/aspnet:10.0
COPY rootfs/ /
ENV DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    NUGET_XMLDOC_MODE=skip \
    HOME=/root
USER 0:0
WORKDIR /src

// The single-page app: reads the backend's API (proxied by nginx under /api/) and lists what it answers.
async function list(id, url, pick, show) {
  const answer = await fetch(url);
  const items = pick(await answer.json());
  document.getElementById(id).replaceChildren(...items.map(item => {
    const li = document.createElement("li");
    li.textContent = show(item);
    return li;
  }));
}
list("registry", "/api/models/registry", a => a.models, m => `${m.name} (${m.path})`);
list("servers", "/api/models/servers", a => a.servers, s => `${s.model} on ${s.port}: ${s.state}`);
list("profiles", "/api/models/profiles", a => a.profiles, p => `${p.name}: context ${p.context}`);

// Shows whether this Chorus node answers its health check.
const status = document.querySelector<HTMLOutputElement>('#status');

async function refresh(): Promise<void> {
  if (!status) return;
  try {
    const response = await fetch('/up');
    const body = (await response.json()) as { status?: string; connections?: number };
    status.textContent = `${body.status ?? 'unknown'} (${body.connections ?? 0} connections)`;
  } catch {
    status.textContent = 'unreachable';
  }
}

void refresh();

// Small DOM helpers shared by the tools: elements by id (typed, and missing ones fail loudly), verdict lines and
// step lists. A state is shown by data-state (style.css colours it and adds a ✓/✗ word, so colour is not the only
// cue) and by the text itself.
export type State = "pass" | "fail" | "running" | "idle" | "skip";

export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page has no #${id}`);
  return e as T;
}

export function value(id: string): string {
  return el<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(id).value.trim();
}

export function verdict(id: string, state: State, text: string): void {
  const e = el(id);
  e.dataset.state = state;
  e.textContent = text;
}

export interface Step {
  readonly name: string;
  readonly state: "pass" | "fail" | "skip";
  readonly detail: string;
}

export function showSteps(id: string, steps: readonly Step[]): void {
  const list = el(id);
  list.replaceChildren(
    ...steps.map((s) => {
      const li = document.createElement("li");
      li.dataset.state = s.state;
      li.dataset.step = s.name;
      const name = document.createElement("strong");
      name.textContent = `${s.name}: `;
      li.append(name, s.detail);
      return li;
    }),
  );
}

/** Runs `fn` on the button's click with the button disabled meanwhile; an unexpected error lands in `verdictId`. */
export function onClick(buttonId: string, verdictId: string, fn: () => Promise<void> | void): void {
  const b = el<HTMLButtonElement>(buttonId);
  b.addEventListener("click", () => {
    b.disabled = true;
    Promise.resolve()
      .then(fn)
      .catch((e: unknown) => verdict(verdictId, "fail", `✗ ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (b.disabled = false));
  });
}

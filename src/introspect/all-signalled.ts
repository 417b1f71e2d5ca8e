/**
 * One signal per party; `then` runs once, when every party has signalled (a party may signal more
 * than once: only its first counts).
 */
export function allSignalled(parties: number, then: (() => void) | undefined): (() => void)[] {
  let waiting = parties;
  return Array.from({ length: parties }, () => {
    let signalled = false;
    return () => {
      if (signalled) return;
      signalled = true;
      waiting--;
      if (waiting === 0) then?.();
    };
  });
}

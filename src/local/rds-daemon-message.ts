/** What the RDS endpoint daemon tells the process that started it, once, over IPC. */
export type DaemonMessage =
  | { readonly kind: 'ready'; readonly url: string }
  | { readonly kind: 'failed'; readonly message: string };

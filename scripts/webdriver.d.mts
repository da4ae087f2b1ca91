export declare const ELEMENT: string;
export declare class WebDriverSession {
  send(method: string, path: string, body?: unknown): Promise<unknown>;
  goto(url: string): Promise<void>;
  currentUrl(): Promise<string>;
  execute<T = unknown>(script: string, args?: unknown[]): Promise<T>;
  executeAsync<T = unknown>(script: string, args?: unknown[]): Promise<T>;
  find(css: string): Promise<string>;
  frame(css: string | null): Promise<void>;
  click(element: string): Promise<void>;
  type(element: string, text: string): Promise<void>;
  sendKeys(keys: string[]): Promise<void>;
  cookies(): Promise<unknown[]>;
  close(): Promise<void>;
}
export declare function startWebKitSession(options?: { itp?: boolean }): Promise<WebDriverSession>;

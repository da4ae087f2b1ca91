export declare const ENGINES: readonly ['chromium', 'firefox', 'webkit'];
export declare function findFirefox(): string | null;
export declare function findWebKit(): { driver: string; browser: string; xvfbRun: string } | null;
export declare function hasEngine(engine: string): boolean;
export declare function howToGet(engine: string): string;
export declare function currentEngine(): 'chromium' | 'firefox' | 'webkit';

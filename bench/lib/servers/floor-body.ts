/** The JSON every HTTP floor server answers with, platform and bare alike. */
export const FLOOR_BODY = { hello: 'world' } as const;
export const FLOOR_BODY_TEXT = JSON.stringify(FLOOR_BODY);

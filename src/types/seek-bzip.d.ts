/** The part of seek-bzip (pure-JavaScript bzip2 decompression) that ccw uses; the package has no types. */
declare module 'seek-bzip' {
  interface Bunzip {
    /** Decompresses a whole bzip2 stream; throws on damaged input. */
    decode(input: Uint8Array, output?: Uint8Array, multistream?: boolean): Uint8Array;
  }
  const bunzip: Bunzip;
  export default bunzip;
}

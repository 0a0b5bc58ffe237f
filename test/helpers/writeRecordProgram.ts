/**
 * A `.ccw` program that writes R1 (8 bytes, "WRITTEN!") on cylinder 0 head 1 of the 3390 at 0190
 * with Define Extent + Locate Record + Write CKD, then reads it back and checks it: the volume
 * image tests use it through the machine and through `ccw run`.
 */
export function writeRecordProgram(deviceOptions: string): string {
  return `
         DEVICE 0190,3390,${deviceOptions}
         PATH  direct
         COPY  ECKD
WRITE    ORB   CPA=WCHAIN,FMT=1,KEY=0
WCHAIN   CCW1  DEFEXT,DEXT,CC,16
         CCW1  LOCREC,WLOC,CC,16
         CCW1  WRCKD,REC,0,16
READ     ORB   CPA=RCHAIN,FMT=1,KEY=0
RCHAIN   CCW1  DEFEXT,DEXT,CC,16
         CCW1  LOCREC,RLOC,CC,16
         CCW1  RDDATA,BACK,SLI,8
DEXT     DC    X'00C00000',XL12'00000000000000000000000E'
WLOC     DC    X'03000001',X'00000001',X'0000000100',X'000000'
RLOC     DC    X'06000001',X'00000001',X'0000000101',X'000000'
REC      DC    X'0000000101000008',C'WRITTEN!'
BACK     DS    CL8
         SSCH  0190,WRITE
         WAIT  0190
         EXPECT CC=0,DSTAT=CE+DE,SCHSTAT=0
         SSCH  0190,READ
         WAIT  0190
         EXPECT CC=0,DSTAT=CE+DE,SCHSTAT=0,MEM(BACK,8)=C'WRITTEN!'
         END
`;
}

// Files imported as text through raw-loader (the examples and their stored outputs).
declare module '!!raw-loader!*' {
  const text: string;
  export default text;
}

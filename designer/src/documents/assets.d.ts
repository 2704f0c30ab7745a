// vite's `?url` imports: the URL the built asset is served at (the pdf.js worker).
declare module '*?url' {
  const url: string;
  export default url;
}

// A minimal stand-in for the browser's document, enough for tools/common.js's h(): elements with attributes,
// dataset, className, textContent, children and event listeners. Installed on globalThis before a module that
// builds nodes is used; the modules under test are the real ones, unchanged.

class Node {
  constructor() {
    this.childNodes = [];
  }
  append(...children) {
    for (const child of children) this.childNodes.push(child instanceof Node ? child : new Text(String(child)));
  }
  replaceChildren(...children) {
    this.childNodes = [];
    this.append(...children);
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(value) {
    this.childNodes = [new Text(String(value))];
  }
}

class Text extends Node {
  constructor(data) {
    super();
    this.data = data;
  }
  get textContent() {
    return this.data;
  }
}

class Element extends Node {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.attributes = {};
    this.dataset = {};
    this.listeners = {};
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }
  getAttribute(name) {
    return this.attributes[name] ?? null;
  }
  get className() {
    return this.attributes.class ?? "";
  }
  set className(value) {
    this.attributes.class = value;
  }
  addEventListener(type, fn) {
    this.listeners[type] = fn;
  }
  get children() {
    return this.childNodes.filter((c) => c instanceof Element);
  }
}

export function installDom() {
  globalThis.Node = Node;
  globalThis.document = {
    createElement: (tag) => new Element(tag),
    createTextNode: (data) => new Text(data),
  };
}

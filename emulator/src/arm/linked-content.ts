// Deployment content ARM fetches itself: templateLink.uri / parametersLink.uri (downloaded only
// from the emulator's own `/_files/` folder, the stand-in for a public storage account),
// templateLink.relativePath (next to the parent's link) and templateLink.id (a template spec
// version created through the templateSpecs API). Anything else fails as ARM fails.
import { randomUUID } from 'node:crypto'
import { readServedFile } from '../files.js'
import type { ArmContext } from '../types.js'
import { ArmError } from './errors.js'
import { key } from './scopes.js'
import type { Store } from './store.js'
import type { GivenParameters, Template } from './template.js'

export interface TemplateLink {
  uri?: string
  id?: string
  relativePath?: string
  contentVersion?: string
  queryString?: string
}

export interface ParametersLink {
  uri: string
  contentVersion?: string
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])
const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)

/** ARM refuses links that are not absolute http(s) URIs or that point at a local host. */
function unsupportedLink(uri: string): ArmError {
  return new ArmError(
    400,
    'InvalidContentLink',
    `The provided content link '${uri}' is invalid or not supported. Content link must be an absolute URI not referencing local host or UNC path.`
  )
}

/** What ARM answers when the link cannot be downloaded (SAS query left out of the message). */
function cannotDownload(url: URL): ArmError {
  return new ArmError(
    400,
    'InvalidContentLink',
    `Unable to download deployment content from '${url.origin}${url.pathname}'. The tracking Id is '${randomUUID()}'. Please see https://aka.ms/arm-deploy for usage details.`
  )
}

export class LinkedContent {
  constructor(
    private readonly ctx: ArmContext,
    private readonly store: Store
  ) {}

  /** Downloads and parses JSON from a link, as ARM does before validating a deployment. */
  download(uri: string): unknown {
    let url: URL
    try {
      url = new URL(uri)
    } catch {
      throw unsupportedLink(uri)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw unsupportedLink(uri)
    const own = new URL(this.ctx.baseUrl)
    const host = url.hostname.toLowerCase()
    const ownHost = own.hostname.toLowerCase()
    const sameOrigin =
      url.port === own.port &&
      (host === ownHost || (LOCAL_HOSTS.has(host) && LOCAL_HOSTS.has(ownHost)))
    if (!sameOrigin && LOCAL_HOSTS.has(host)) throw unsupportedLink(uri)
    const text =
      sameOrigin && this.ctx.filesDir ? readServedFile(this.ctx.filesDir, url.pathname) : undefined
    if (text === undefined) throw cannotDownload(url)
    try {
      return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown
    } catch (error) {
      throw new ArmError(
        400,
        'InvalidTemplate',
        `Deployment template parse failed: 'The content downloaded from '${url.origin}${url.pathname}' is not valid JSON: ${(error as Error).message}'.`
      )
    }
  }

  /** The template a link names; `parentUri` resolves a relativePath (nested deployments). */
  template(link: TemplateLink, parentUri?: string): { template: unknown; link: TemplateLink } {
    if (link.id) {
      const version = this.store.templateSpecs.get(key(link.id))
      if (!version?.mainTemplate) {
        throw new ArmError(
          400,
          'InvalidTemplateSpec',
          `Unable to retrieve the template content from the resource ID '${link.id}'. Please see https://aka.ms/arm-deploy for usage details.`
        )
      }
      return { template: version.mainTemplate, link: { id: link.id } }
    }
    let uri = link.uri
    if (!uri && link.relativePath) {
      if (!parentUri) {
        throw new ArmError(
          400,
          'InvalidTemplate',
          `Deployment template validation failed: 'The relative path '${link.relativePath}' can only be used when the parent deployment uses a templateLink with a uri.'.`
        )
      }
      uri = new URL(link.relativePath, parentUri).toString()
    }
    if (!uri) throw unsupportedLink('')
    return { template: this.download(uri), link: { uri } }
  }

  /** The parameters of a parameters file a link names (its `parameters` object). */
  parameters(link: ParametersLink): { parameters: GivenParameters; contentVersion?: string } {
    const doc = this.download(link.uri)
    const parameters = isObject(doc) && isObject(doc.parameters) ? doc.parameters : doc
    if (!isObject(parameters)) {
      throw new ArmError(
        400,
        'InvalidContentLink',
        `The parameters content downloaded from '${link.uri}' is not a JSON object.`
      )
    }
    const contentVersion =
      isObject(doc) && typeof doc.contentVersion === 'string' ? doc.contentVersion : undefined
    return {
      parameters: parameters as GivenParameters,
      ...(contentVersion ? { contentVersion } : {})
    }
  }
}

/** The contentVersion a linked template declares, echoed in templateLink as ARM does. */
export function contentVersionOf(template: Template): string | undefined {
  return typeof template.contentVersion === 'string' ? template.contentVersion : undefined
}

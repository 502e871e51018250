# The resource library (issue 16): /resources and a resource's page.
nav-resources = Biblioteca
resources-title = Biblioteca de recursos
resources-intro = Material para equipos FLS, mentores, pacientes y responsables políticos: material de talleres, el Marco de Buenas Prácticas, Getting to Gold, información para pacientes y más, en cada idioma en que existe.
resources-search = Buscar en la biblioteca
resources-any = Cualquiera
resources-audience = Público
resources-country = País
resources-country-hint = Un código ISO como ES; los recursos para todos los países se incluyen siempre.
resources-find = Buscar
resources-count = { $count ->
    [one] Se encontró un recurso.
   *[other] Se encontraron { $count } recursos.
}
resources-new = Nuevo recurso
resources-create = Crear como borrador
resources-category-new = Nueva categoría
resources-category-add = Añadir categoría
resource-status-draft = Borrador
resource-body-hint = Markdown: títulos (#), listas (-), enlaces [palabras](https://...). El HTML se muestra como texto.
resource-links-hint = Una dirección https:// por línea (los vídeos se enlazan, no se suben).
resource-countries-hint = Códigos ISO separados por comas; vacío se aplica a todos.
field-resource_category = Categoría
field-resource_language = Idioma
field-resource_title = Título
field-resource_summary = Resumen
field-resource_body = Texto
field-resource_links = Enlaces
field-resource_audiences = Públicos
field-resource_visibility = Quién puede leerlo
field-resource_tags = Etiquetas
field-resource_countries = Países
field-resource_review_by = Revisar antes de
field-category_code = Código de categoría
field-category_name = Nombre de categoría
resource-fallback = Este recurso no está disponible en su idioma; está leyendo la versión en { $language }.
resource-links = Enlaces
resource-is-draft = Este recurso es un borrador: solo los editores lo ven hasta que se publique.
resource-files = Archivos
resource-size-kb = { $size } KB
resource-everywhere = Todos los países
resource-other-languages = También en:
resource-cited-by = Citado por
resource-cited-g2g_milestone = Evidencia de un hito de Getting to Gold
resource-cited-bpf_answer = Respuesta del Marco de Buenas Prácticas
resource-edit = Editar este recurso
resource-publish = Publicar
resource-save = Guardar
resource-version-edit = Versión en { $language }
resource-history = { $count ->
    [one] Se conserva un estado guardado.
   *[other] Se conservan { $count } estados guardados.
}
resource-version-add = Añadir una versión en otro idioma
resource-version-add-button = Añadir versión
resource-file-add = Adjuntar un archivo
resource-file-hint = PDF, DOCX, PPTX, XLSX, PNG o JPEG, comprobado por su contenido.
resource-file-upload = Subir
resource-category-mentorship_workshop = Material de talleres de mentoría
resource-category-bpf = Material del Marco de Buenas Prácticas
resource-category-getting_to_gold = Material de Getting to Gold
resource-category-train_the_trainer = Material de formación de formadores
resource-category-patient_information = Información para pacientes
resource-category-benefit_calculator = Calculadora de beneficios FLS
resource-category-policy_advocacy = Políticas e incidencia
resource-audience-fls_staff = Personal FLS
resource-audience-patients = Pacientes
resource-audience-policy_makers = Responsables políticos
resource-audience-mentors = Mentores
resource-visibility-public = Todos
resource-visibility-signed_in = Usuarios con sesión iniciada
resource-visibility-mentors = Solo mentores y el programa
rule-duplicate_version = este idioma ya tiene una versión; edítela.
rule-link_unsafe = no es una dirección de enlace segura (solo https, http y mailto; no javascript: ni data:).
rule-link_invalid = no es una dirección web válida.
rule-file_type = el contenido del archivo no es { $allowed } (el nombre no decide).
rule-code_format = solo minúsculas, cifras y _.
rule-duplicate = ya existe.

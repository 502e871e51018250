# The resource library (issue 16): /resources and a resource's page.
nav-resources = Biblioteca
resources-title = Biblioteca de recursos
resources-intro = Material para equipas FLS, mentores, doentes e decisores políticos: workshops, o Quadro de Boas Práticas, Getting to Gold, informação para doentes e mais, em cada língua em que existe.
resources-search = Pesquisar na biblioteca
resources-any = Qualquer
resources-audience = Público
resources-country = País
resources-country-hint = Um código ISO como PT; os recursos para todos os países são sempre incluídos.
resources-find = Pesquisar
resources-count = { $count ->
    [one] Um recurso encontrado.
   *[other] { $count } recursos encontrados.
}
resources-new = Novo recurso
resources-create = Criar como rascunho
resources-category-new = Nova categoria
resources-category-add = Adicionar categoria
resource-status-draft = Rascunho
resource-body-hint = Markdown: títulos (#), listas (-), ligações [palavras](https://...). O HTML é mostrado como texto.
resource-links-hint = Um endereço https:// por linha (os vídeos são ligados, não carregados).
resource-countries-hint = Códigos ISO separados por vírgulas; vazio aplica-se a todos.
field-resource_category = Categoria
field-resource_language = Língua
field-resource_title = Título
field-resource_summary = Resumo
field-resource_body = Texto
field-resource_links = Ligações
field-resource_audiences = Públicos
field-resource_visibility = Quem pode ler
field-resource_tags = Etiquetas
field-resource_countries = Países
field-resource_review_by = Rever até
field-category_code = Código da categoria
field-category_name = Nome da categoria
resource-fallback = Este recurso não existe na sua língua; está a ler a versão em { $language }.
resource-links = Ligações
resource-is-draft = Este recurso é um rascunho: só os editores o veem até ser publicado.
resource-files = Ficheiros
resource-size-kb = { $size } KB
resource-everywhere = Todos os países
resource-other-languages = Também em:
resource-cited-by = Citado por
resource-cited-g2g_milestone = Evidência de um marco Getting to Gold
resource-cited-bpf_answer = Resposta ao Quadro de Boas Práticas
resource-edit = Editar este recurso
resource-publish = Publicar
resource-save = Guardar
resource-version-edit = Versão em { $language }
resource-history = { $count ->
    [one] Um estado guardado conservado.
   *[other] { $count } estados guardados conservados.
}
resource-version-add = Adicionar uma versão noutra língua
resource-version-add-button = Adicionar versão
resource-file-add = Anexar um ficheiro
resource-file-hint = PDF, DOCX, PPTX, XLSX, PNG ou JPEG, verificado pelo conteúdo.
resource-file-upload = Carregar
resource-category-mentorship_workshop = Material de workshops de mentoria
resource-category-bpf = Material do Quadro de Boas Práticas
resource-category-getting_to_gold = Material Getting to Gold
resource-category-train_the_trainer = Material de formação de formadores
resource-category-patient_information = Informação para doentes
resource-category-benefit_calculator = Calculadora de benefícios FLS
resource-category-policy_advocacy = Políticas e advocacia
resource-audience-fls_staff = Equipas FLS
resource-audience-patients = Doentes
resource-audience-policy_makers = Decisores políticos
resource-audience-mentors = Mentores
resource-visibility-public = Todos
resource-visibility-signed_in = Utilizadores com sessão iniciada
resource-visibility-mentors = Só mentores e o programa
rule-duplicate_version = esta língua já tem uma versão; edite-a.
rule-link_unsafe = não é um endereço de ligação seguro (só https, http e mailto; nem javascript: nem data:).
rule-link_invalid = não é um endereço web válido.
rule-file_type = o conteúdo do ficheiro não é { $allowed } (o nome não decide).
rule-code_format = só minúsculas, algarismos e _.
rule-duplicate = já existe.
